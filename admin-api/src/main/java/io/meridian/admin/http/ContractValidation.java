package io.meridian.admin.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatorException;
import java.util.List;
import java.util.Map;

/**
 * Every request is checked against {@code openapi.yaml} before a handler sees it (vertx-openapi's
 * {@link RequestValidator}): parameters, required bodies, and JSON bodies against their schemas.
 * A violation is a 400 problem naming the field. YAML bodies are checked as text (the contract
 * library knows no YAML media type); what is in them is the configuration validator's job.
 */
final class ContractValidation {

  private final OpenAPIContract contract;
  private final RequestValidator validator;

  private ContractValidation(Vertx vertx, OpenAPIContract contract) {
    this.contract = contract;
    this.validator = RequestValidator.create(vertx, contract);
  }

  static ContractValidation load(Vertx vertx) {
    try {
      Map<?, ?> tree = new ObjectMapper(new YAMLFactory()).readValue(AdminApi.openApi(), Map.class);
      @SuppressWarnings("unchecked")
      JsonObject json = forRequests(new JsonObject((Map<String, Object>) tree));
      return new ContractValidation(vertx, OpenAPIContract.from(vertx, json).await());
    } catch (Exception e) {
      throw new IllegalStateException("openapi.yaml is not a valid contract: " + e.getMessage(), e);
    }
  }

  /**
   * The served document, as the validator needs it: responses (problem+json, YAML documents) are
   * not validated and use media types the library does not know, so they go; YAML request bodies
   * become text/plain, which it validates as a string.
   */
  private static JsonObject forRequests(JsonObject contract) {
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : List.of("get", "put", "post", "delete")) {
        JsonObject op = item.getJsonObject(method);
        if (op == null) {
          continue;
        }
        op.put("responses", new JsonObject().put("default",
            new JsonObject().put("description", "see /v1/openapi.yaml")));
        JsonObject body = op.getJsonObject("requestBody");
        JsonObject content = body == null ? null : body.getJsonObject("content");
        if (content != null && content.containsKey("application/yaml")) {
          // a YAML body is the configuration validator's to read; JSON ones are checked here
          content.remove("application/yaml");
          body.put("required", false);
          if (content.isEmpty()) {
            op.remove("requestBody");
          }
        }
      }
    }
    contract.getJsonObject("components").remove("responses");
    return contract;
  }

  Handler<RoutingContext> handler() {
    return ctx -> {
      Operation operation = contract.findOperation(ctx.request().path(), ctx.request().method());
      if (operation == null) {
        ctx.next(); // the router answers 404 for what the contract does not have
        return;
      }
      Buffer body = ctx.body() == null || ctx.body().buffer() == null ? Buffer.buffer()
          : ctx.body().buffer();
      RequestUtils.extract(ctx.request(), operation, () -> Future.succeededFuture(body))
          .map(ContractValidation::forValidation)
          .compose(request -> validator.validate(request, operation.getOperationId()))
          .onSuccess(validated -> ctx.next())
          .onFailure(e -> ctx.fail(problem(e)));
    };
  }

  /**
   * JSON bodies as JSON (also when the client named no type); YAML bodies are left out, for the
   * configuration validator, which reports their problems with paths and lines.
   */
  private static ValidatableRequest forValidation(ValidatableRequest request) {
    RequestParameter body = request.getBody();
    boolean hasBody = body != null && !body.isEmpty();
    String type = request.getContentType();
    boolean json = hasBody && (type == null || type.startsWith("text/plain"))
        ? looksLikeJson(body)
        : type != null && type.contains("json");
    if (!hasBody || (json && type != null && type.contains("json"))) {
      return request;
    }
    String contentType = json ? "application/json" : type;
    RequestParameter kept = json ? body : null;
    return new ValidatableRequest() {
      @Override
      public String getContentType() {
        return contentType;
      }

      @Override
      public Map<String, RequestParameter> getCookies() {
        return request.getCookies();
      }

      @Override
      public Map<String, RequestParameter> getHeaders() {
        return request.getHeaders();
      }

      @Override
      public Map<String, RequestParameter> getPathParameters() {
        return request.getPathParameters();
      }

      @Override
      public Map<String, RequestParameter> getQuery() {
        return request.getQuery();
      }

      @Override
      public RequestParameter getBody() {
        return kept;
      }
    };
  }

  private static boolean looksLikeJson(RequestParameter body) {
    Buffer buffer = body.getBuffer();
    String text = buffer == null ? "" : buffer.toString().stripLeading();
    return text.startsWith("{") || text.startsWith("[");
  }

  private static ApiProblem problem(Throwable e) {
    if (e instanceof SchemaValidationException s && s.getOutputUnit() != null) {
      String location = s.getOutputUnit().getInstanceLocation();
      String field = location == null || location.isEmpty() || location.equals("#")
          ? "body" : location.replaceFirst("^#?/", "").replace('/', '.');
      return new ApiProblem(400, "Bad request", e.getMessage(),
          List.of(new ApiProblem.Field(field, 0, e.getMessage())));
    }
    if (e instanceof ValidatorException) {
      return new ApiProblem(400, "Bad request", e.getMessage());
    }
    return new ApiProblem(400, "Bad request", String.valueOf(e.getMessage()));
  }
}
