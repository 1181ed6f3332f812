package io.meridian.core.snapshot;

import io.meridian.core.config.Problems;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Reads names as written in a config: {@code @} is the origin, a trailing dot makes a name
 * absolute.
 */
final class NameParser {

  private NameParser() {}

  /**
   * @return the name, or null after reporting a problem at {@code path}
   */
  static Name parse(String text, Name origin, String path, Problems problems) {
    String trimmed = text.trim();
    try {
      if (trimmed.equals("@")) {
        return origin;
      }
      return Name.fromString(trimmed, origin);
    } catch (TextParseException e) {
      problems.add(path, "'" + text + "' is not a valid domain name: " + e.getMessage());
      return null;
    }
  }

  /** A zone name; the trailing dot may be left out, as every zone name is absolute. */
  static Name zone(String text, String path, Problems problems) {
    String trimmed = text.trim();
    return parse(trimmed.endsWith(".") ? trimmed : trimmed + ".", Name.root, path, problems);
  }
}
