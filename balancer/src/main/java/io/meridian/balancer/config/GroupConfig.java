package io.meridian.balancer.config;

import static java.util.Objects.requireNonNull;

import io.meridian.core.health.CheckSpec;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A target group: the backends one route forwards to and how requests are spread over them.
 *
 * @param name the key in {@code groups}
 * @param algorithm how a target is chosen
 * @param hashOn the key of the hashing algorithms ({@link Algorithm#hashesKey}); {@link
 *     HashOn#CLIENT_IP} otherwise
 * @param maglevTableSize slots of the {@link Algorithm#MAGLEV} lookup table, a prime
 * @param targets the backends, at least one
 * @param sticky cookie stickiness, or {@link Sticky#NONE}
 * @param healthCheck active checks, when configured; the check's port is each target's port
 *     unless it names one
 * @param outlier passive ejection, {@link OutlierConfig#OFF} to disable
 * @param slowStart ramp-up time of a target that (re)joins; zero for none
 * @param timeouts towards the targets
 * @param maxConnections per target; requests beyond wait in the pending queue
 * @param maxPending per target; requests beyond get 503 at once (circuit breaking)
 * @param retry retries of idempotent requests on another target, and on which failures
 */
public record GroupConfig(
    String name,
    Algorithm algorithm,
    HashOn hashOn,
    int maglevTableSize,
    List<TargetConfig> targets,
    Sticky sticky,
    Optional<HealthCheck> healthCheck,
    OutlierConfig outlier,
    Duration slowStart,
    Timeouts timeouts,
    int maxConnections,
    int maxPending,
    RetryConfig retry) {

  public static final int DEFAULT_MAX_CONNECTIONS = 1024;
  public static final int DEFAULT_MAX_PENDING = 1024;

  /** Envoy's default: a prime that gives 100 slots or more to each of up to 655 targets. */
  public static final int DEFAULT_MAGLEV_TABLE_SIZE = 65537;

  public GroupConfig {
    requireNonNull(name, "name");
    targets = List.copyOf(targets);
  }

  /**
   * An active check. The probe, rise/fall and timing come from {@code spec}; when {@code
   * portFromTarget}, each target is probed on its own port instead of {@code spec.port()}.
   */
  public record HealthCheck(CheckSpec spec, boolean portFromTarget) {

    /** The spec for a target listening on {@code targetPort}. */
    public CheckSpec specFor(int targetPort) {
      if (!portFromTarget) {
        return spec;
      }
      return spec.withPort(targetPort);
    }
  }

  public enum Algorithm {
    ROUND_ROBIN("round-robin"),
    WEIGHTED_ROUND_ROBIN("weighted-round-robin"),
    LEAST_CONNECTIONS("least-connections"),
    LEAST_RESPONSE_TIME("least-response-time"),
    POWER_OF_TWO("power-of-two"),
    RANDOM("random"),
    CONSISTENT_HASH("consistent-hash"),
    MAGLEV("maglev");

    public final String configName;

    Algorithm(String configName) {
      this.configName = configName;
    }

    /** Whether a pick hashes the request's key ({@code hash_on}) instead of looking at load. */
    public boolean hashesKey() {
      return this == CONSISTENT_HASH || this == MAGLEV;
    }
  }

  /**
   * The key consistent hashing (or cookie hashing) uses.
   *
   * @param source where the key comes from
   * @param name the header or cookie name; empty for the client address
   */
  public record HashOn(HashSource source, String name) {
    public static final HashOn CLIENT_IP = new HashOn(HashSource.CLIENT_IP, "");
  }

  public enum HashSource {
    CLIENT_IP,
    HEADER,
    COOKIE
  }

  /**
   * Stickiness. {@code INSERT}: the balancer sets {@code cookie} to the chosen target's name for
   * {@code maxAge} (zero: a session cookie) and honours it while that target is eligible. {@code
   * HASH}: the application's {@code cookie} is hashed on a ring over the eligible targets.
   */
  public record Sticky(StickyMode mode, String cookie, Duration maxAge) {
    public static final Sticky NONE = new Sticky(StickyMode.NONE, "", Duration.ZERO);
  }

  public enum StickyMode {
    NONE,
    INSERT,
    HASH
  }

  /**
   * @param connect to establish a connection to a target
   * @param request from sending the request until the response starts, and between two chunks of
   *     it; a timeout answers 504
   * @param idle an unused pooled connection is closed after this
   */
  public record Timeouts(Duration connect, Duration request, Duration idle) {
    public static final Timeouts DEFAULTS =
        new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  /**
   * @param enabled whether failed idempotent requests are tried once more on another target
   * @param budgetPercent retries may add at most this share to the requests of the group
   * @param minPerSecond retries always allowed per second, so a quiet group can retry at all
   * @param on which failures are retried; {@link RetryOn#CONNECT_FAILURE} alone by default
   */
  public record RetryConfig(boolean enabled, int budgetPercent, int minPerSecond, Set<RetryOn> on) {
    public static final RetryConfig DEFAULTS =
        new RetryConfig(true, 20, 3, Set.of(RetryOn.CONNECT_FAILURE));

    public RetryConfig {
      on = on.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(on));
    }
  }

  /** A kind of failure a retry may answer (Envoy's {@code retry_on}). */
  public enum RetryOn {
    /** No connection could be had: refused, connect timeout, the target's pending queue full. */
    CONNECT_FAILURE("connect-failure"),
    /** Any response status 500-599. */
    HTTP_5XX("5xx"),
    /** A response status 502, 503 or 504. */
    GATEWAY_ERROR("gateway-error"),
    /** The response did not start within the request timeout. */
    TIMEOUT("timeout");

    public final String configName;

    RetryOn(String configName) {
      this.configName = configName;
    }
  }
}
