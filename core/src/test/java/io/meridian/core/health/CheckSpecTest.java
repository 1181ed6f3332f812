package io.meridian.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.core.health.CheckSpec.Builder;
import io.meridian.core.health.CheckSpec.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A check type validates everything when it is built, and says which field is wrong and why. */
class CheckSpecTest {

  @Test
  void defaults() {
    CheckSpec spec = CheckSpec.builder(Type.HTTPS, 443).build();
    assertEquals("/", spec.path());
    assertEquals(200, spec.expectMin());
    assertEquals(399, spec.expectMax());
    assertEquals(Optional.empty(), spec.bodyContains());
    assertEquals(Map.of(), spec.headers());
    assertEquals(Optional.empty(), spec.host());
    assertTrue(spec.tlsVerify());
    assertEquals(Duration.ofSeconds(10), spec.interval());
    assertEquals(Duration.ofSeconds(5), spec.timeout());
    assertEquals(2, spec.rise());
    assertEquals(3, spec.fall());
    assertEquals(Duration.ZERO, spec.startGrace());
  }

  @Test
  void defaultTimeoutNeverExceedsTheInterval() {
    CheckSpec spec = CheckSpec.builder(Type.TCP, 22).interval(Duration.ofMillis(200)).build();
    assertEquals(Duration.ofMillis(200), spec.timeout());
  }

  @Test
  void expectsTheInclusiveRange() {
    CheckSpec spec = CheckSpec.http(80, "/health");
    assertFalse(spec.expects(199));
    assertTrue(spec.expects(200));
    assertTrue(spec.expects(399));
    assertFalse(spec.expects(400));
  }

  @Test
  void headersKeepTheirOrderAndCannotBeChanged() {
    CheckSpec spec =
        CheckSpec.builder(Type.HTTP, 80).header("X-B", "2").header("X-A", "1 2\t3").build();
    assertEquals(List.of("X-B", "X-A"), List.copyOf(spec.headers().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> spec.headers().put("X-C", "3"));
  }

  @Test
  void equalSpecsAreEqual() {
    assertEquals(CheckSpec.http(80, "/"), CheckSpec.builder(Type.HTTP, 80).build());
  }

  record Case(String name, Type type, UnaryOperator<Builder> edit, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> invalid() {
    return Stream.of(
        new Case("port zero", Type.HTTP, b -> b, "port must be between 1 and 65535 but was 0"),
        new Case(
            "relative path",
            Type.HTTP,
            b -> b.path("health"),
            "path must start with '/' but was 'health'"),
        new Case(
            "path with a space",
            Type.HTTP,
            b -> b.path("/a b"),
            "path must not contain control characters or spaces"),
        new Case(
            "status below 100",
            Type.HTTP,
            b -> b.expect(99, 200),
            "expectMin must be between 100 and 599 but was 99"),
        new Case(
            "inverted status range",
            Type.HTTP,
            b -> b.expect(300, 200),
            "expectMax must be between expectMin (300) and 599 but was 200"),
        new Case(
            "empty body text",
            Type.HTTP,
            b -> b.bodyContains(""),
            "bodyContains must not be empty when present"),
        new Case(
            "host with a path",
            Type.HTTPS,
            b -> b.host("example.com/x"),
            "host must be a host name without port or path but was 'example.com/x'"),
        new Case(
            "host with a port",
            Type.HTTPS,
            b -> b.host("example.com:8443"),
            "host must be a host name without port or path but was 'example.com:8443'"),
        new Case(
            "header name with a colon",
            Type.HTTP,
            b -> b.header("X:Y", "1"),
            "header name 'X:Y' is not a valid token"),
        new Case(
            "header value with a line break",
            Type.HTTP,
            b -> b.header("X-Y", "1\r\nEvil: 1"),
            "header 'X-Y' must have a value without control characters"),
        new Case(
            "header twice",
            Type.HTTP,
            b -> b.header("X-Y", "1").header("x-y", "2"),
            "header 'x-y' is given more than once"),
        new Case(
            "zero interval",
            Type.TCP,
            b -> b.interval(Duration.ZERO),
            "interval must be positive but was PT0S"),
        new Case(
            "negative timeout",
            Type.TCP,
            b -> b.timeout(Duration.ofSeconds(-1)),
            "timeout must be positive but was PT-1S"),
        new Case(
            "timeout longer than interval",
            Type.TCP,
            b -> b.interval(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(2)),
            "timeout (PT2S) must not be longer than interval (PT1S)"),
        new Case("rise zero", Type.TCP, b -> b.rise(0), "rise must be at least 1 but was 0"),
        new Case("fall zero", Type.TCP, b -> b.fall(0), "fall must be at least 1 but was 0"),
        new Case(
            "negative grace",
            Type.TCP,
            b -> b.startGrace(Duration.ofSeconds(-5)),
            "startGrace must not be negative but was PT-5S"),
        new Case(
            "tcp with a path",
            Type.TCP,
            b -> b.path("/x"),
            "path is only meaningful for HTTP and HTTPS checks"),
        new Case(
            "tcp with a body",
            Type.TCP,
            b -> b.bodyContains("ok"),
            "bodyContains is only meaningful for HTTP and HTTPS checks"),
        new Case(
            "tcp with headers",
            Type.TCP,
            b -> b.header("X", "1"),
            "headers are only meaningful for HTTP and HTTPS checks"),
        new Case(
            "tcp with a host",
            Type.TCP,
            b -> b.host("example.com"),
            "host is only meaningful for HTTP and HTTPS checks"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejects(Case c) {
    int port = c.name.equals("port zero") ? 0 : 80;
    Builder builder = c.edit.apply(CheckSpec.builder(c.type, port));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertEquals(c.message, e.getMessage());
  }

  @Test
  void nullsAreNamed() {
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () ->
                new CheckSpec(
                    null,
                    80,
                    "/",
                    200,
                    399,
                    Optional.empty(),
                    Map.of(),
                    Optional.empty(),
                    true,
                    true,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    1,
                    1,
                    Duration.ZERO));
    assertEquals("type", e.getMessage());
  }

  @Test
  void withPortKeepsEverythingElse() {
    Builder full = CheckSpec.builder(Type.HTTPS, 443).path("/h").expect(200, 204).bodyContains("ok")
        .header("X-A", "1").host("www.example.test").tlsVerify(false).reuseConnection(false)
        .interval(Duration.ofSeconds(2)).timeout(Duration.ofSeconds(1)).rise(3).fall(4)
        .startGrace(Duration.ofSeconds(5));
    CheckSpec moved = full.build().withPort(8443);
    assertEquals(8443, moved.port());
    assertEquals(new CheckSpec(Type.HTTPS, 8443, "/h", 200, 204, Optional.of("ok"), Map.of("X-A", "1"),
        Optional.of("www.example.test"), false, false, Duration.ofSeconds(2), Duration.ofSeconds(1),
        3, 4, Duration.ofSeconds(5)), moved);
  }
}
