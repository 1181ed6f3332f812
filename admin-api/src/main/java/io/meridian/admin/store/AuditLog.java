package io.meridian.admin.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every mutation, one JSON line each in {@code audit.jsonl}, forced to disk before the response:
 * who (token name and role), when, what (method, path, action) and the state before and after.
 */
public final class AuditLog {

  /**
   * @param before the state before (a version number, an override, ...), null when there was none
   * @param after the state after, null when the thing is gone
   */
  public record Entry(
      long seq, long atEpochMillis, String who, String role, String method, String path,
      String action, JsonNode before, JsonNode after) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private long seq;

  public AuditLog(Path dataDir) throws IOException {
    this.file = dataDir.resolve("audit.jsonl");
    if (Files.exists(file) && Files.size(file) > 0 && !endsWithNewline(file)) {
      DurableFiles.appendLine(file, ""); // close a line a crash cut short, so appends start clean
    }
    List<Entry> all = readAll();
    this.seq = all.isEmpty() ? 0 : all.get(all.size() - 1).seq();
  }

  public synchronized Entry append(
      long nowMillis, String who, String role, String method, String path, String action,
      Object before, Object after) throws IOException {
    Entry e = new Entry(++seq, nowMillis, who, role, method, path, action,
        JSON.valueToTree(before), JSON.valueToTree(after));
    DurableFiles.appendLine(file, JSON.writeValueAsString(e));
    return e;
  }

  /** Entries newest first, {@code limit} of them with a sequence number below {@code before}. */
  public synchronized List<Entry> list(long before, int limit) throws IOException {
    List<Entry> all = readAll();
    List<Entry> out = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
      if (all.get(i).seq() < before) {
        out.add(all.get(i));
      }
    }
    return out;
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
      f.seek(f.length() - 1);
      return f.read() == '\n';
    }
  }

  private List<Entry> readAll() throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(JSON.readValue(line, Entry.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException torn) {
          // the tail of an append that a crash cut short: its request was never answered
        }
      }
    }
    return out;
  }
}
