package io.meridian.admin.http;

import java.util.List;

/**
 * A request that cannot be served, as RFC 9457 problem details: the status, a title, what was
 * wrong, and for invalid input every field with its reason. Thrown by handlers; the API's one
 * failure handler writes it as {@code application/problem+json}.
 *
 * @param fields {@code path: message} per problem, e.g. {@code pools.eu.endpoints[0].weight}
 */
public final class ApiProblem extends RuntimeException {

  /** One invalid field. */
  public record Field(String path, int line, String message) {}

  private final int status;
  private final String title;
  private final List<Field> fields;

  public ApiProblem(int status, String title, String detail, List<Field> fields) {
    super(detail);
    this.status = status;
    this.title = title;
    this.fields = List.copyOf(fields);
  }

  public ApiProblem(int status, String title, String detail) {
    this(status, title, detail, List.of());
  }

  public static ApiProblem badRequest(String field, String message) {
    return new ApiProblem(400, "Bad request", field + ": " + message,
        List.of(new Field(field, 0, message)));
  }

  public static ApiProblem notFound(String what) {
    return new ApiProblem(404, "Not found", what);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<Field> fields() {
    return fields;
  }
}
