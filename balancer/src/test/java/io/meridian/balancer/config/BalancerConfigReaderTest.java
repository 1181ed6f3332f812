package io.meridian.balancer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.balancer.config.GroupConfig.Algorithm;
import io.meridian.balancer.config.GroupConfig.HashSource;
import io.meridian.balancer.config.GroupConfig.StickyMode;
import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.config.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A table of config snippets with the problem each must produce (CoreDNS setup_test style). */
class BalancerConfigReaderTest {

  private static final String HEAD = "listeners:\n  - address: 127.0.0.1:8080\n";
  private static final String GROUP = "groups:\n  web:\n    targets:\n      - {name: a, address: 127.0.0.1:9001}\n";
  private static final String ROUTE = "routes:\n  - forward: web\n";

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    targets:\n      - {address: 127.0.0.1:1}\n      - {address: 127.0.0.1:2}\n      - {address: 127.0.0.1:3, weight: -1}\n",
            "groups.web.targets[2].weight", "must be between 0 and 10000, got -1"),
        Arguments.of(HEAD + ROUTE + GROUP + "colour: blue\n", "colour", "unknown property 'colour'"),
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    algoritm: random\n    targets: [{address: 127.0.0.1:1}]\n",
            "groups.web.algoritm", "unknown property 'algoritm'"),
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    algorithm: fastest\n    targets: [{address: 127.0.0.1:1}]\n",
            "groups.web.algorithm", "must be one of"),
        Arguments.of(HEAD + "routes:\n  - forward: missing\n" + GROUP, "routes[0].forward", "unknown group 'missing' (defined: web)"),
        Arguments.of(HEAD + "routes:\n  - match: {path: {regex: \"([a-z\"}}\n    forward: web\n" + GROUP,
            "routes[0].match.path.regex", "not a valid regular expression"),
        Arguments.of(HEAD + "routes:\n  - match: {path: {prefix: api}}\n    forward: web\n" + GROUP,
            "routes[0].match.path.prefix", "must start with '/'"),
        Arguments.of(HEAD + "routes:\n  - match: {path: {prefix: /a, exact: /b}}\n    forward: web\n" + GROUP,
            "routes[0].match.path", "exactly one of exact, prefix, regex"),
        Arguments.of(HEAD + "routes:\n  - forward: web\n    respond: {body: x}\n" + GROUP,
            "routes[0]", "exactly one of forward, split, respond, redirect, got forward and respond"),
        Arguments.of(HEAD + "routes:\n  - redirect: {status: 200, location: /x}\n" + GROUP,
            "routes[0].redirect.status", "must be between 300 and 399"),
        Arguments.of(HEAD + "routes:\n  - split: [{group: web, weight: 0}]\n" + GROUP,
            "routes[0].split", "weights add up to more than 0"),
        Arguments.of(HEAD + "routes:\n  - match: {method: FETCH}\n    forward: web\n" + GROUP,
            "routes[0].match.method", "unknown HTTP method 'FETCH'"),
        Arguments.of(HEAD + "routes:\n  - match: {host: \"bad host\"}\n    forward: web\n" + GROUP,
            "routes[0].match.host", "not a host name"),
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    targets:\n      - {name: a, address: 127.0.0.1:1}\n      - {name: a, address: 127.0.0.1:2}\n",
            "groups.web.targets[1].name", "duplicate target name 'a'"),
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    targets:\n      - {address: backend.local:80}\n",
            "groups.web.targets[0].address", "host names are not resolved"),
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    targets:\n      - {address: 127.0.0.1:70000}\n",
            "groups.web.targets[0].address", "no valid port"),
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    targets: []\n", "groups.web.targets", "at least one target"),
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    targets: [{address: 127.0.0.1:1, weight: 0}]\n",
            "groups.web.targets", "at least one target needs a weight above 0"),
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    health_check: {interval: 1s, timeout: 2s}\n    targets: [{address: 127.0.0.1:1}]\n",
            "groups.web.health_check", "timeout (PT2S) must not be longer than interval (PT1S)"),
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    outlier: {max_ejection_percent: 150}\n    targets: [{address: 127.0.0.1:1}]\n",
            "groups.web.outlier.max_ejection_percent", "must be between 0 and 100"),
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    sticky: {mode: hash, cookie: JSESSIONID, max_age: 1h}\n    targets: [{address: 127.0.0.1:1}]\n",
            "groups.web.sticky.max_age", "only applies to mode insert"),
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    hash_on: {header: X-User, cookie: u}\n    algorithm: consistent-hash\n    targets: [{address: 127.0.0.1:1}]\n",
            "groups.web.hash_on", "must be client-ip"),
        Arguments.of("listeners: []\n" + ROUTE + GROUP, "listeners", "at least one listener"),
        Arguments.of("listeners:\n  - address: 127.0.0.1:8443\n    tls: {certificates: [{cert: /nonexistent.crt, key: /nonexistent.key}]}\n" + ROUTE + GROUP,
            "listeners[0].tls.certificates[0].cert", "cannot read file '/nonexistent.crt'"),
        Arguments.of(HEAD + ROUTE + GROUP + "rate_limit: {burst: 5}\n", "rate_limit.per_second", "is required"),
        Arguments.of(HEAD + ROUTE + GROUP + "limits: {header_timeout: soon}\n", "limits.header_timeout", "must be a duration"),
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    retry: {on: [5xx, sometimes]}\n    targets: [{address: 127.0.0.1:1}]\n",
            "groups.web.retry.on[1]", "must be one of 5xx, connect-failure, gateway-error, timeout, got 'sometimes'"),
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    retry: {on: []}\n    targets: [{address: 127.0.0.1:1}]\n",
            "groups.web.retry.on", "must list at least one of connect-failure, 5xx, gateway-error, timeout"),
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    algorithm: maglev\n    maglev_table_size: 65536\n    targets: [{address: 127.0.0.1:1}]\n",
            "groups.web.maglev_table_size", "must be a prime number (e.g. 251, 65537, 5000011), got 65536"),
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    algorithm: maglev\n    maglev_table_size: 2\n    targets: [{address: 127.0.0.1:1}, {address: 127.0.0.1:2}, {address: 127.0.0.1:3}]\n",
            "groups.web.maglev_table_size", "must be at least the number of targets (3), got 2"),
        Arguments.of(HEAD + ROUTE + "groups:\n  web:\n    maglev_table_size: 251\n    targets: [{address: 127.0.0.1:1}]\n",
            "groups.web.maglev_table_size", "only applies to algorithm maglev"),
        Arguments.of(HEAD + ROUTE + GROUP + "metrics: {listen: localhost:9100}\n",
            "metrics.listen", "must be an IP address with a port"),
        Arguments.of(HEAD + ROUTE + GROUP + "metrics: {port: 9100}\n",
            "metrics.port", "unknown property 'port'"),
        Arguments.of(HEAD + ROUTE + GROUP + "metrics: {}\n",
            "metrics.listen", "is required"));
  }

  @ParameterizedTest
  @MethodSource
  void invalid(String yaml, String path, String message) {
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> BalancerConfigReader.read(yaml, "t.yaml", Path.of(".")));
    assertTrue(
        e.problems().stream().anyMatch(p -> p.path().equals(path) && p.message().contains(message)),
        "expected " + path + ": " + message + " in\n" + e.getMessage());
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsLine() {
    String yaml = HEAD + "routes:\n  - forward: nope\ngroups:\n  web:\n    targets:\n      - {address: 127.0.0.1:1, weight: -3}\n    max_pending: x\n";
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> BalancerConfigReader.read(yaml, "t.yaml", Path.of(".")));
    List<String> paths = e.problems().stream().map(Problem::path).toList();
    assertEquals(List.of("groups.web.targets[0].weight", "groups.web.max_pending", "routes[0].forward"), paths);
    assertEquals(8, e.problems().get(0).line());
  }

  @Test
  void aCompleteConfigReadsIntoValues() throws Exception {
    BalancerConfig config =
        BalancerConfigReader.read(
            "event_loops: 2\n"
                + HEAD
                + "access_log: true\nrate_limit: {per_second: 50, burst: 100}\nmetrics: {listen: 127.0.0.1:9100}\n"
                + "routes:\n  - match: {path: {prefix: /s/}}\n    forward: web\n  - split: [{group: web, weight: 9}, {group: hashy, weight: 1}]\n"
                + "groups:\n  web:\n    algorithm: weighted-round-robin\n    sticky: {cookie: SERVERID, max_age: 1h}\n    slow_start: 30s\n"
                + "    outlier: {consecutive_5xx: 3}\n    health_check: {type: http, path: /healthz, interval: 2s}\n"
                + "    targets:\n      - {name: b1, address: 127.0.0.1:18001, weight: 3}\n"
                + "  hashy:\n    algorithm: consistent-hash\n    hash_on: {cookie: uid}\n    retry: {on: [5xx, timeout]}\n    targets: [{address: \"[::1]:9000\"}]\n",
            "t.yaml",
            Path.of("."));
    assertEquals(2, config.eventLoops());
    assertTrue(config.accessLog());
    assertEquals(new RateLimitConfig(50, 100), config.rateLimit());
    GroupConfig web = config.groups().get("web");
    assertEquals(Algorithm.WEIGHTED_ROUND_ROBIN, web.algorithm());
    assertEquals(StickyMode.INSERT, web.sticky().mode());
    assertEquals(Duration.ofHours(1), web.sticky().maxAge());
    assertEquals(Duration.ofSeconds(30), web.slowStart());
    assertEquals(3, web.outlier().consecutive5xx());
    assertEquals(java.util.Set.of(GroupConfig.RetryOn.CONNECT_FAILURE), web.retry().on());
    assertEquals(5, web.outlier().consecutiveConnectFailures());
    assertEquals(18001, web.healthCheck().get().specFor(18001).port());
    assertEquals("/healthz", web.healthCheck().get().spec().path());
    assertEquals(3, web.targets().get(0).weight());
    GroupConfig hashy = config.groups().get("hashy");
    assertEquals(HashSource.COOKIE, hashy.hashOn().source());
    assertEquals(GroupConfig.DEFAULT_MAGLEV_TABLE_SIZE, hashy.maglevTableSize());
    assertEquals(
        java.util.Set.of(GroupConfig.RetryOn.HTTP_5XX, GroupConfig.RetryOn.TIMEOUT), hashy.retry().on());
    assertEquals("::1", hashy.targets().get(0).host());
    assertEquals("t1", hashy.targets().get(0).name());
    assertEquals(2, config.routes().size());
    assertEquals(new MetricsConfig(java.util.Optional.of("127.0.0.1"), 9100), config.metrics());
  }
}
