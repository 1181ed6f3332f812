package io.meridian.admin.store;

import static java.util.Objects.requireNonNull;

/**
 * One accepted configuration, as stored: numbered from 1, never changed after it is written.
 *
 * @param author the name of the token that made it ({@code file} for the seed)
 * @param message why, as the author said (a rollback says which version it restores)
 * @param document the whole YAML document
 */
public record ConfigVersion(
    long number, long atEpochMillis, String author, String message, String document) {

  public ConfigVersion {
    requireNonNull(author, "author");
    requireNonNull(message, "message");
    requireNonNull(document, "document");
  }

  /** The HTTP entity tag of this version. */
  public String etag() {
    return "\"v" + number + "\"";
  }

  /** The version without its document, for listings. */
  public ConfigVersion summary() {
    return new ConfigVersion(number, atEpochMillis, author, message, "");
  }
}
