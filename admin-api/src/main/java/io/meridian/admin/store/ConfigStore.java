package io.meridian.admin.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every accepted configuration version, durable on disk: {@code versions/000012.json} holds
 * version 12 (metadata and the whole document), written with {@link DurableFiles} before the
 * caller answers, so an acknowledged change survives {@code kill -9}. The newest file is the
 * current version; nothing is ever deleted, so any earlier version can be restored (a restore is
 * itself a new version). One writer at a time: methods that change the store are synchronized.
 */
public final class ConfigStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path versions;
  private volatile ConfigVersion current;

  public ConfigStore(Path dataDir) throws IOException {
    this.versions = dataDir.resolve("versions");
    Files.createDirectories(versions);
    List<Long> numbers = numbers();
    this.current = numbers.isEmpty() ? null : read(numbers.get(numbers.size() - 1)).orElseThrow();
  }

  /** The current version, or empty before the first one. */
  public Optional<ConfigVersion> current() {
    return Optional.ofNullable(current);
  }

  /** Stores {@code document} as the next version and makes it current. */
  public synchronized ConfigVersion append(
      String author, String message, String document, long nowMillis) throws IOException {
    long next = current == null ? 1 : current.number() + 1;
    ConfigVersion version = new ConfigVersion(next, nowMillis, author, message, document);
    DurableFiles.write(file(next), JSON.writeValueAsBytes(version));
    current = version;
    return version;
  }

  public Optional<ConfigVersion> read(long number) throws IOException {
    Path f = file(number);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(Files.readString(f, StandardCharsets.UTF_8), ConfigVersion.class));
  }

  /** Versions newest first, without documents: {@code limit} of them starting below {@code before}. */
  public List<ConfigVersion> list(long before, int limit) throws IOException {
    List<Long> numbers = numbers();
    List<ConfigVersion> out = new ArrayList<>();
    for (int i = numbers.size() - 1; i >= 0 && out.size() < limit; i--) {
      if (numbers.get(i) < before) {
        read(numbers.get(i)).ifPresent(v -> out.add(v.summary()));
      }
    }
    return out;
  }

  private List<Long> numbers() throws IOException {
    try (Stream<Path> files = Files.list(versions)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d{6,}\\.json"))
          .map(n -> Long.parseLong(n.substring(0, n.indexOf('.'))))
          .sorted()
          .toList();
    }
  }

  private Path file(long number) {
    return versions.resolve(String.format("%06d.json", number));
  }
}
