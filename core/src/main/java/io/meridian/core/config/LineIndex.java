package io.meridian.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps the paths of a YAML or JSON document ({@code zones[0].records[3].ttl}) to the line they
 * start on, so that problems found after parsing can still point into the file. Jackson's tree
 * keeps no locations, so this is a second, streaming pass over the same text.
 */
public final class LineIndex {

  private static final LineIndex EMPTY = new LineIndex(Map.of(), Map.of());
  private final Map<String, Integer> lineByPointer;
  private final Map<String, String> rawScalars;

  private LineIndex(Map<String, Integer> lineByPointer, Map<String, String> rawScalars) {
    this.lineByPointer = lineByPointer;
    this.rawScalars = rawScalars;
  }

  public static LineIndex empty() {
    return EMPTY;
  }

  /**
   * Indexes {@code text}; a text that does not parse gives whatever was indexed before the error.
   */
  public static LineIndex of(String text) {
    Map<String, Integer> lines = new HashMap<>();
    Map<String, String> raw = new HashMap<>();
    try (JsonParser parser = new YAMLFactory().createParser(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          continue;
        }
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
        if (token.isNumeric() || token.isBoolean()) {
          raw.put(pointer, parser.getText());
        }
      }
    } catch (IOException e) {
      // syntax errors are reported by the reader, with their own location
    }
    return new LineIndex(Map.copyOf(lines), Map.copyOf(raw));
  }

  /**
   * The text of a plain scalar at {@code path} as written, for scalars YAML reads as numbers or
   * booleans: a name {@code 007} or a TXT value {@code 1.10} must not become {@code 7} or {@code
   * 1.1}. Null when the path holds no such scalar.
   */
  public String rawScalar(String path) {
    return rawScalars.get(toPointer(path));
  }

  /**
   * @return the 1-based line of {@code path}, or of its nearest indexed ancestor, or 0
   */
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
