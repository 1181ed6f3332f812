package io.meridian.core.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A check type: <em>how</em> to probe an endpoint and how many results it takes to believe a
 * change. Declared once by name and referenced by endpoints (gdnsd's service types), so a thousand
 * endpoints behind the same kind of server share one spec and one probe.
 *
 * <p>Everything is validated here, eagerly, so that a probe or the scheduler never meets a value it
 * has to second-guess. Messages name the field and the rule ({@code "rise must be at least 1 but
 * was 0"}), so the config layer can prefix them with a path.
 *
 * @param type the protocol
 * @param port the port probed on each endpoint address, 1-65535
 * @param path the request target for HTTP(S), starting with {@code /}; {@code "/"} for TCP
 * @param expectMin lowest HTTP status that counts as success (100-599)
 * @param expectMax highest HTTP status that counts as success ({@code >= expectMin}, at most 599)
 * @param bodyContains when present, the response body (its first 64 KiB) must contain it
 * @param headers extra request headers; names are case-insensitive and must be unique
 * @param host the name in the {@code Host} header (with {@code :port} added for a non-default
 *     port), the TLS server name (SNI) for HTTPS and the name the certificate must match; when
 *     empty, the endpoint's address is the authority and no SNI is sent
 * @param tlsVerify whether HTTPS checks verify the certificate chain (JDK trust store) and that it
 *     names {@code host} (or the address); {@code true} unless turned off on purpose
 * @param reuseConnection whether HTTP(S) probes keep their connection open for the next probe of
 *     the same address (Envoy's {@code reuse_connection}); a connection still serves at most {@link
 *     #MAX_PROBES_PER_CONNECTION} probes, so a server that stops accepting new connections is
 *     noticed within that many intervals. Off: a fresh connection and {@code Connection: close}
 *     every time (HAProxy's and Route 53's way). Meaningless for TCP, which checks the connect
 * @param interval time between two probes of one target (jittered by the scheduler)
 * @param timeout how long one probe may take in total, at most {@code interval}
 * @param rise consecutive successes that bring a target up
 * @param fall consecutive failures that bring a target down
 * @param startGrace failures within this time after a target starts being checked do not count
 */
public record CheckSpec(
    Type type,
    int port,
    String path,
    int expectMin,
    int expectMax,
    Optional<String> bodyContains,
    Map<String, String> headers,
    Optional<String> host,
    boolean tlsVerify,
    boolean reuseConnection,
    Duration interval,
    Duration timeout,
    int rise,
    int fall,
    Duration startGrace) {

  public static final String DEFAULT_PATH = "/";
  public static final int DEFAULT_EXPECT_MIN = 200;
  public static final int DEFAULT_EXPECT_MAX = 399;
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_RISE = 2;
  public static final int DEFAULT_FALL = 3;
  public static final Duration DEFAULT_START_GRACE = Duration.ZERO;

  /** How many probes one kept-alive connection serves before a fresh one is opened. */
  public static final int MAX_PROBES_PER_CONNECTION = 10;

  /** The protocol a check speaks. */
  public enum Type {
    HTTP,
    HTTPS,
    TCP;

    /** Whether requests, status codes and bodies mean anything for this type. */
    public boolean isHttp() {
      return this != TCP;
    }
  }

  public CheckSpec {
    requireNonNull(type, "type");
    requireNonNull(path, "path");
    requireNonNull(bodyContains, "bodyContains");
    requireNonNull(headers, "headers");
    requireNonNull(host, "host");
    requireNonNull(interval, "interval");
    requireNonNull(timeout, "timeout");
    requireNonNull(startGrace, "startGrace");
    require(port >= 1 && port <= 65535, "port must be between 1 and 65535 but was %s", port);
    require(path.startsWith("/"), "path must start with '/' but was '%s'", path);
    require(noControl(path), "path must not contain control characters or spaces");
    require(
        expectMin >= 100 && expectMin <= 599,
        "expectMin must be between 100 and 599 but was %s",
        expectMin);
    require(
        expectMax >= expectMin && expectMax <= 599,
        "expectMax must be between expectMin (%s) and 599 but was %s",
        expectMin,
        expectMax);
    bodyContains.ifPresent(
        body -> require(!body.isEmpty(), "bodyContains must not be empty when present"));
    host.ifPresent(
        name ->
            require(
                !name.isEmpty()
                    && noControl(name)
                    && name.indexOf('/') < 0
                    && name.indexOf(':') < 0,
                "host must be a host name without port or path but was '%s'",
                name));
    headers = copyHeaders(headers);
    require(isPositive(interval), "interval must be positive but was %s", interval);
    require(isPositive(timeout), "timeout must be positive but was %s", timeout);
    require(
        timeout.compareTo(interval) <= 0,
        "timeout (%s) must not be longer than interval (%s)",
        timeout,
        interval);
    require(rise >= 1, "rise must be at least 1 but was %s", rise);
    require(fall >= 1, "fall must be at least 1 but was %s", fall);
    require(!startGrace.isNegative(), "startGrace must not be negative but was %s", startGrace);
    if (!type.isHttp()) {
      require(path.equals(DEFAULT_PATH), "path is only meaningful for HTTP and HTTPS checks");
      require(bodyContains.isEmpty(), "bodyContains is only meaningful for HTTP and HTTPS checks");
      require(headers.isEmpty(), "headers are only meaningful for HTTP and HTTPS checks");
      require(host.isEmpty(), "host is only meaningful for HTTP and HTTPS checks");
    }
  }

  /** A builder with the defaults: path {@code /}, status 200-399, TLS verified, connections
   * reused, 10 s / 5 s, 2/3. */
  public static Builder builder(Type type, int port) {
    return new Builder(type, port);
  }

  /** Shorthand for an HTTP check of {@code path} with all other defaults. */
  public static CheckSpec http(int port, String path) {
    return builder(Type.HTTP, port).path(path).build();
  }

  /** Shorthand for a TCP connect check with all defaults. */
  public static CheckSpec tcp(int port) {
    return builder(Type.TCP, port).build();
  }

  /** This check on another port (the balancer probes each target on its own). */
  public CheckSpec withPort(int otherPort) {
    return new Builder(this, otherPort).build();
  }

  /** Whether {@code status} is in {@code [expectMin, expectMax]}. */
  public boolean expects(int status) {
    return status >= expectMin && status <= expectMax;
  }

  private static Map<String, String> copyHeaders(Map<String, String> headers) {
    Map<String, String> seen = new LinkedHashMap<>();
    headers.forEach(
        (name, value) -> {
          require(name != null && isToken(name), "header name '%s' is not a valid token", name);
          require(
              value != null && isHeaderValue(value),
              "header '%s' must have a value without control characters",
              name);
          require(
              seen.put(name.toLowerCase(Locale.ROOT), name) == null,
              "header '%s' is given more than once",
              name);
        });
    // Map.copyOf loses the order; keep the caller's, it is what a reader of the config expects
    return Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  private static boolean isPositive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  private static boolean isToken(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Visible characters, spaces and tabs: no CR or LF that could add a header of its own. */
  private static boolean isHeaderValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** No CR, LF or other control characters, which could split a request, and no spaces. */
  private static boolean noControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static void require(boolean condition, String template, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, template, args));
    }
  }

  /**
   * Collects fields with defaults and validates them all at {@link #build()}, in the record's
   * constructor, so a half-built spec never exists.
   */
  public static final class Builder {
    private final Type type;
    private final int port;
    private String path = DEFAULT_PATH;
    private int expectMin = DEFAULT_EXPECT_MIN;
    private int expectMax = DEFAULT_EXPECT_MAX;
    private Optional<String> bodyContains = Optional.empty();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Optional<String> host = Optional.empty();
    private boolean tlsVerify = true;
    private boolean reuseConnection = true;
    private Duration interval = DEFAULT_INTERVAL;
    private Duration timeout;
    private int rise = DEFAULT_RISE;
    private int fall = DEFAULT_FALL;
    private Duration startGrace = DEFAULT_START_GRACE;

    private Builder(Type type, int port) {
      this.type = type;
      this.port = port;
    }

    /** Everything of {@code spec} but the port. */
    private Builder(CheckSpec spec, int port) {
      this(spec.type, port);
      path = spec.path;
      expectMin = spec.expectMin;
      expectMax = spec.expectMax;
      bodyContains = spec.bodyContains;
      headers.putAll(spec.headers);
      host = spec.host;
      tlsVerify = spec.tlsVerify;
      reuseConnection = spec.reuseConnection;
      interval = spec.interval;
      timeout = spec.timeout;
      rise = spec.rise;
      fall = spec.fall;
      startGrace = spec.startGrace;
    }

    public Builder path(String path) {
      this.path = path;
      return this;
    }

    public Builder expect(int min, int max) {
      this.expectMin = min;
      this.expectMax = max;
      return this;
    }

    public Builder bodyContains(String text) {
      this.bodyContains = Optional.of(text);
      return this;
    }

    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Builder host(String host) {
      this.host = Optional.of(host);
      return this;
    }

    public Builder tlsVerify(boolean verify) {
      this.tlsVerify = verify;
      return this;
    }

    public Builder reuseConnection(boolean reuse) {
      this.reuseConnection = reuse;
      return this;
    }

    /** Also shortens the default timeout to at most this interval. */
    public Builder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    /** Defaults to the shorter of 5 s and the interval. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder rise(int rise) {
      this.rise = rise;
      return this;
    }

    public Builder fall(int fall) {
      this.fall = fall;
      return this;
    }

    public Builder startGrace(Duration grace) {
      this.startGrace = grace;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first invalid field
     */
    public CheckSpec build() {
      Duration effectiveTimeout = timeout;
      if (effectiveTimeout == null && interval != null) {
        effectiveTimeout = interval.compareTo(DEFAULT_TIMEOUT) < 0 ? interval : DEFAULT_TIMEOUT;
      }
      return new CheckSpec(
          type,
          port,
          path,
          expectMin,
          expectMax,
          bodyContains,
          headers,
          host,
          tlsVerify,
          reuseConnection,
          interval,
          effectiveTimeout,
          rise,
          fall,
          startGrace);
    }
  }
}
