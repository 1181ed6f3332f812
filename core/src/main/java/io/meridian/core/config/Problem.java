package io.meridian.core.config;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a configuration: where (a path such as {@code zones[0].records[3].ttl} and,
 * when known, the line in the source file) and what.
 *
 * @param line 1-based line in the source, or 0 when unknown
 */
public record Problem(String path, int line, String message) {

  public Problem {
    requireNonNull(path, "path");
    requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    String where = path.isEmpty() ? "(document)" : path;
    return line > 0 ? where + " (line " + line + "): " + message : where + ": " + message;
  }
}
