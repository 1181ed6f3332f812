package io.meridian.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps the paths of a YAML or JSON document ({@code zones[0].records[3].ttl}) to the line they start
 * on, so that problems found after parsing can still point into the file. Jackson's tree keeps no
 * locations, so this is a second, streaming pass over the same text.
 */
public final class LineIndex {

  private static final LineIndex EMPTY = new LineIndex(Map.of());
  private final Map<String, Integer> lineByPointer;

  private LineIndex(Map<String, Integer> lineByPointer) {
    this.lineByPointer = lineByPointer;
  }

  public static LineIndex empty() {
    return EMPTY;
  }

  /** Indexes {@code text}; a text that does not parse gives whatever was indexed before the error. */
  public static LineIndex of(String text) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = new YAMLFactory().createParser(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          continue;
        }
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
      }
    } catch (IOException e) {
      // syntax errors are reported by the reader, with their own location
    }
    return new LineIndex(Map.copyOf(lines));
  }

  /** @return the 1-based line of {@code path}, or of its nearest indexed ancestor, or 0 */
  public int lineOf(String path) {
    String pointer = toPointer(path);
    while (true) {
      Integer line = lineByPointer.get(pointer);
      if (line != null) {
        return line;
      }
      int cut = pointer.lastIndexOf('/');
      if (cut <= 0) {
        return 0;
      }
      pointer = pointer.substring(0, cut);
    }
  }

  private static String toPointer(String path) {
    // a path may carry a note, as in "zones[0].file (x.zone: record)": its dots are no path
    int note = path.indexOf(" (");
    if (note >= 0) {
      path = path.substring(0, note);
    }
    if (path.isEmpty()) {
      return "";
    }
    return "/" + path.replace("[", ".").replace("]", "").replace('.', '/');
  }
}
