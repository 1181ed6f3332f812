package io.meridian.balancer.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header lines of one received HTTP/1 head, kept as the bytes they arrived in: each line is
 * four offsets into the head (name, value), and a value becomes a {@code String} only when asked
 * for. Edits (the proxy's forwarded headers, hop-by-hop removals) mark lines dead or append lines;
 * {@link #writeTo} writes the live lines in order, runs of untouched received lines in one copy.
 *
 * <p>Names compare ASCII-case-insensitively. Lines come validated from {@link HeadParser}; added
 * names and values are the balancer's own, and a value with a CR, LF or NUL is refused all the
 * same (header injection).
 */
public final class RawHeaders extends HttpHeaders {

  private static final int RAW = 0;
  private static final int ADDED = 1;
  private static final int DEAD = 2;

  private final byte[] head;
  private int count;
  /** Per line: kind, name start, name end, value start, value end (the last four for RAW). */
  private int[] lines;
  /** Per line, for ADDED: name and value. */
  private CharSequence[] added;
  private int live;

  RawHeaders(byte[] head, int capacity) {
    this.head = head;
    this.lines = new int[Math.max(4, capacity) * 5];
  }

  /** A received line: {@code name} is {@code head[nameStart, nameEnd)}, the value trimmed. */
  void addRaw(int nameStart, int nameEnd, int valueStart, int valueEnd) {
    int at = slot();
    lines[at] = RAW;
    lines[at + 1] = nameStart;
    lines[at + 2] = nameEnd;
    lines[at + 3] = valueStart;
    lines[at + 4] = valueEnd;
  }

  private int slot() {
    if ((count + 1) * 5 > lines.length) {
      lines = Arrays.copyOf(lines, lines.length * 2);
    }
    live++;
    return 5 * count++;
  }

  private void addLine(CharSequence name, CharSequence value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException("header value with CR, LF or NUL: " + name);
      }
    }
    int line = count;
    int at = slot();
    lines[at] = ADDED;
    if (added == null) {
      added = new CharSequence[Math.max(8, 4 * count)];
    } else if (added.length < 2 * count) {
      added = Arrays.copyOf(added, 4 * count);
    }
    added[2 * line] = name;
    added[2 * line + 1] = value;
  }

  // ---- reading ------------------------------------------------------------------------------

  private boolean nameIs(int line, CharSequence name) {
    int at = 5 * line;
    int kind = lines[at];
    if (kind == DEAD) {
      return false;
    }
    if (kind == ADDED) {
      return AsciiString.contentEqualsIgnoreCase(added[2 * line], name);
    }
    int start = lines[at + 1];
    int length = lines[at + 2] - start;
    if (length != name.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (lower(head[start + i]) != lower(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  private String value(int line) {
    int at = 5 * line;
    if (lines[at] == ADDED) {
      return added[2 * line + 1].toString();
    }
    int start = lines[at + 3];
    return new String(head, start, lines[at + 4] - start, StandardCharsets.ISO_8859_1);
  }

  private String name(int line) {
    int at = 5 * line;
    if (lines[at] == ADDED) {
      return added[2 * line].toString();
    }
    int start = lines[at + 1];
    return new String(head, start, lines[at + 2] - start, StandardCharsets.ISO_8859_1);
  }

  private int find(CharSequence name, int from) {
    for (int i = from; i < count; i++) {
      if (nameIs(i, name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String get(String name) {
    return get((CharSequence) name);
  }

  @Override
  public String get(CharSequence name) {
    int line = find(name, 0);
    return line < 0 ? null : value(line);
  }

  @Override
  public Integer getInt(CharSequence name) {
    String value = get(name);
    try {
      return value == null ? null : Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public int getInt(CharSequence name, int defaultValue) {
    Integer value = getInt(name);
    return value == null ? defaultValue : value;
  }

  @Override
  public Short getShort(CharSequence name) {
    Integer value = getInt(name);
    return value == null || value != value.shortValue() ? null : value.shortValue();
  }

  @Override
  public short getShort(CharSequence name, short defaultValue) {
    Short value = getShort(name);
    return value == null ? defaultValue : value;
  }

  @Override
  public Long getTimeMillis(CharSequence name) {
    String value = get(name);
    if (value == null) {
      return null;
    }
    java.util.Date date = io.netty.handler.codec.DateFormatter.parseHttpDate(value);
    return date == null ? null : date.getTime();
  }

  @Override
  public long getTimeMillis(CharSequence name, long defaultValue) {
    Long value = getTimeMillis(name);
    return value == null ? defaultValue : value;
  }

  @Override
  public List<String> getAll(String name) {
    return getAll((CharSequence) name);
  }

  @Override
  public List<String> getAll(CharSequence name) {
    List<String> values = new ArrayList<>(2);
    for (int i = find(name, 0); i >= 0; i = find(name, i + 1)) {
      values.add(value(i));
    }
    return values;
  }

  @Override
  public boolean contains(String name) {
    return find(name, 0) >= 0;
  }

  @Override
  public boolean contains(CharSequence name) {
    return find(name, 0) >= 0;
  }

  /** Whether a {@code name} line lists {@code value} as one of its comma-separated elements. */
  @Override
  public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
    for (int i = find(name, 0); i >= 0; i = find(name, i + 1)) {
      if (listsElement(i, value, ignoreCase)) {
        return true;
      }
    }
    return false;
  }

  private boolean listsElement(int line, CharSequence element, boolean ignoreCase) {
    int at = 5 * line;
    if (lines[at] == ADDED) {
      return listsIn(added[2 * line + 1], element, ignoreCase);
    }
    int start = lines[at + 3];
    int end = lines[at + 4];
    int from = start;
    for (int i = start; i <= end; i++) {
      if (i == end || head[i] == ',') {
        int a = from;
        int b = i;
        while (a < b && (head[a] == ' ' || head[a] == '\t')) {
          a++;
        }
        while (b > a && (head[b - 1] == ' ' || head[b - 1] == '\t')) {
          b--;
        }
        if (regionEquals(a, b, element, ignoreCase)) {
          return true;
        }
        from = i + 1;
      }
    }
    return false;
  }

  private static boolean listsIn(CharSequence list, CharSequence element, boolean ignoreCase) {
    for (String part : list.toString().split(",")) {
      String trimmed = part.trim();
      if (ignoreCase ? trimmed.equalsIgnoreCase(element.toString()) : trimmed.contentEquals(element)) {
        return true;
      }
    }
    return false;
  }

  private boolean regionEquals(int a, int b, CharSequence text, boolean ignoreCase) {
    if (b - a != text.length()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      int c = head[a + i] & 0xff;
      int d = text.charAt(i);
      if (ignoreCase ? lower(c) != lower(d) : c != d) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<Map.Entry<String, String>> entries() {
    List<Map.Entry<String, String>> entries = new ArrayList<>(live);
    for (int i = 0; i < count; i++) {
      if (lines[5 * i] != DEAD) {
        entries.add(new SimpleImmutableEntry<>(name(i), value(i)));
      }
    }
    return entries;
  }

  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    return entries().iterator();
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Iterator<Map.Entry<CharSequence, CharSequence>> iteratorCharSequence() {
    return (Iterator) entries().iterator();
  }

  @Override
  public boolean isEmpty() {
    return live == 0;
  }

  @Override
  public int size() {
    return live;
  }

  @Override
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      if (lines[5 * i] != DEAD) {
        names.add(name(i));
      }
    }
    return names;
  }

  // ---- editing ------------------------------------------------------------------------------

  @Override
  public HttpHeaders add(String name, Object value) {
    return add((CharSequence) name, value);
  }

  @Override
  public HttpHeaders add(CharSequence name, Object value) {
    addLine(name, value instanceof CharSequence text ? text : String.valueOf(value));
    return this;
  }

  @Override
  public HttpHeaders add(String name, Iterable<?> values) {
    for (Object value : values) {
      add(name, value);
    }
    return this;
  }

  @Override
  public HttpHeaders addInt(CharSequence name, int value) {
    return add(name, Integer.toString(value));
  }

  @Override
  public HttpHeaders addShort(CharSequence name, short value) {
    return add(name, Short.toString(value));
  }

  @Override
  public HttpHeaders set(String name, Object value) {
    return set((CharSequence) name, value);
  }

  @Override
  public HttpHeaders set(CharSequence name, Object value) {
    remove(name);
    return add(name, value);
  }

  @Override
  public HttpHeaders set(String name, Iterable<?> values) {
    remove(name);
    return add(name, values);
  }

  @Override
  public HttpHeaders setInt(CharSequence name, int value) {
    return set(name, Integer.toString(value));
  }

  @Override
  public HttpHeaders setShort(CharSequence name, short value) {
    return set(name, Short.toString(value));
  }

  @Override
  public HttpHeaders remove(String name) {
    return remove((CharSequence) name);
  }

  @Override
  public HttpHeaders remove(CharSequence name) {
    for (int i = find(name, 0); i >= 0; i = find(name, i + 1)) {
      lines[5 * i] = DEAD;
      live--;
    }
    return this;
  }

  @Override
  public HttpHeaders clear() {
    for (int i = 0; i < count; i++) {
      lines[5 * i] = DEAD;
    }
    live = 0;
    return this;
  }

  // ---- writing ------------------------------------------------------------------------------

  /**
   * Writes the live lines, each ended by CRLF: received lines as their bytes (a run of adjacent
   * ones whose line ends were CRLF in one copy), added ones as {@code name: value}.
   */
  public void writeTo(ByteBuf out) {
    int runStart = -1;
    int runEnd = -1;
    for (int i = 0; i < count; i++) {
      int at = 5 * i;
      int kind = lines[at];
      if (kind == RAW) {
        int start = lines[at + 1];
        int end = lines[at + 4];
        if (runStart >= 0 && start == runEnd + 2 && head[runEnd] == '\r') {
          runEnd = end; // adjacent to the run: the CRLF between them comes along
          continue;
        }
        flushRun(out, runStart, runEnd);
        runStart = start;
        runEnd = end;
      } else if (kind == ADDED) {
        flushRun(out, runStart, runEnd);
        runStart = -1;
        ByteBufUtil.writeAscii(out, added[2 * i]);
        out.writeByte(':').writeByte(' ');
        ByteBufUtil.writeAscii(out, added[2 * i + 1]);
        out.writeByte('\r').writeByte('\n');
      }
    }
    flushRun(out, runStart, runEnd);
  }

  private void flushRun(ByteBuf out, int start, int end) {
    if (start >= 0) {
      out.writeBytes(head, start, end - start);
      out.writeByte('\r').writeByte('\n');
    }
  }
}
