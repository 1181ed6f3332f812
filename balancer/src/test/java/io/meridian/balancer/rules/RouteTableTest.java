package io.meridian.balancer.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.balancer.config.RouteConfig;
import io.meridian.balancer.testing.Configs;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** First match wins over host, path, header, query and method conditions; table of requests. */
class RouteTableTest {

  record Req(String method, String host, String path, Map<String, String> headers, Map<String, String> params)
      implements RequestView {
    @Override
    public String header(String lowerCaseName) {
      return headers.get(lowerCaseName);
    }

    @Override
    public String query(String name) {
      return params.get(name);
    }
  }

  private static final String RULES =
      "routes:\n"
          + "  - match: {host: api.example.com, path: {prefix: /v2/}}\n    respond: {body: api-v2}\n"
          + "  - match: {host: \"*.example.com\", path: {exact: /}}\n    respond: {body: wildcard-root}\n"
          + "  - match: {path: {regex: \"/items/[0-9]+\"}}\n    respond: {body: item}\n"
          + "  - match: {headers: {X-Canary: \"yes\"}}\n    respond: {body: canary}\n"
          + "  - match: {query: {beta: \"1\"}, method: [POST, PUT]}\n    respond: {body: beta-write}\n"
          + "  - match: {method: DELETE}\n    respond: {body: delete}\n"
          + "  - respond: {body: default}\n"
          + "groups: {}\n";

  private static final RouteTable<String> TABLE =
      RouteTable.compile(Configs.http(RULES).routes(), a -> ((RouteConfig.Respond) a).body());

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("GET", "api.example.com", "/v2/users", Map.of(), Map.of(), "api-v2"),
        Arguments.of("GET", "api.example.com", "/v1/users", Map.of(), Map.of(), "default"),
        Arguments.of("GET", "www.example.com", "/", Map.of(), Map.of(), "wildcard-root"),
        Arguments.of("GET", "a.b.example.com", "/", Map.of(), Map.of(), "wildcard-root"),
        Arguments.of("GET", "example.com", "/", Map.of(), Map.of(), "default"),
        Arguments.of("GET", "notexample.com", "/", Map.of(), Map.of(), "default"),
        Arguments.of("GET", "x", "/items/42", Map.of(), Map.of(), "item"),
        Arguments.of("GET", "x", "/items/42/more", Map.of(), Map.of(), "default"),
        Arguments.of("GET", "x", "/p", Map.of("x-canary", "yes"), Map.of(), "canary"),
        Arguments.of("GET", "x", "/p", Map.of("x-canary", "Yes"), Map.of(), "default"),
        Arguments.of("POST", "x", "/p", Map.of(), Map.of("beta", "1"), "beta-write"),
        Arguments.of("GET", "x", "/p", Map.of(), Map.of("beta", "1"), "default"),
        Arguments.of("DELETE", "x", "/p", Map.of(), Map.of(), "delete"),
        // first match wins: the api rule comes before the item regex
        Arguments.of("GET", "api.example.com", "/v2/items/1", Map.of(), Map.of(), "api-v2"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void firstMatchingRuleDecides(
      String method, String host, String path, Map<String, String> headers, Map<String, String> query, String expected) {
    assertEquals(Optional.of(expected), TABLE.match(new Req(method, host, path, headers, query)));
  }

  @org.junit.jupiter.api.Test
  void noRuleMatchingIsEmpty() {
    RouteTable<String> table =
        RouteTable.compile(
            Configs.http("routes:\n  - match: {path: {prefix: /a/}}\n    respond: {body: a}\ngroups: {}\n").routes(),
            a -> "a");
    assertEquals(Optional.empty(), table.match(new Req("GET", "h", "/b", Map.of(), Map.of())));
  }
}
