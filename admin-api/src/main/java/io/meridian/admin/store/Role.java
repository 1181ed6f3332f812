package io.meridian.admin.store;

import java.util.Locale;

/** What a token may do; each role includes the ones below it. */
public enum Role {
  /** Reads everything except tokens. */
  VIEWER,
  /** Also sets overrides (force up/down, drain, pause) and runs drills. */
  OPERATOR,
  /** Also changes the configuration, restores versions and manages tokens. */
  ADMIN;

  public boolean allows(Role needed) {
    return ordinal() >= needed.ordinal();
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
