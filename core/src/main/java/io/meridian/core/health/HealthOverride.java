package io.meridian.core.health;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * An operator's (or a drill's) word on an endpoint or a whole region, shared by every member. It
 * beats what agents observe; when an endpoint and its region both have one, the stronger verb wins
 * (force down, then drain, then force up, then pause), so a region drill is never undone by an
 * old force-up on one endpoint.
 *
 * @param subject {@code endpoint:pool/name} or {@code region:name}
 * @param expiresAtEpochMillis when it stops counting by itself; 0 for never
 */
public record HealthOverride(
    String subject,
    Verb verb,
    String reason,
    String by,
    long setAtEpochMillis,
    long expiresAtEpochMillis) {

  /** The distinct things an operator can say, strongest first. */
  public enum Verb {
    /** Down, and counted as a failure. */
    FORCE_DOWN,
    /**
     * No new answers, even when a policy fails open; shown as drained, not down, and not a failure
     * for calculated health. Probing goes on.
     */
    DRAIN,
    /** Up whatever agents see. */
    FORCE_UP,
    /** Monitoring paused: the last consensus stands, new observations are ignored. */
    PAUSE;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public HealthOverride {
    requireNonNull(subject, "subject");
    requireNonNull(verb, "verb");
    requireNonNull(reason, "reason");
    requireNonNull(by, "by");
    if (!subject.startsWith(ENDPOINT) && !subject.startsWith(REGION)) {
      throw new IllegalArgumentException(
          "subject must be endpoint:pool/name or region:name, got '" + subject + "'");
    }
  }

  public static final String ENDPOINT = "endpoint:";
  public static final String REGION = "region:";

  public static String endpoint(String key) {
    return ENDPOINT + key;
  }

  public static String region(String name) {
    return REGION + name;
  }

  public boolean activeAt(long nowEpochMillis) {
    return expiresAtEpochMillis == 0 || nowEpochMillis < expiresAtEpochMillis;
  }

  /** The stronger of two overrides (either may be null). */
  static HealthOverride stronger(HealthOverride a, HealthOverride b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.verb.ordinal() <= b.verb.ordinal() ? a : b;
  }

  @Override
  public String toString() {
    return verb.label() + " by " + by + " (" + reason + ")";
  }
}
