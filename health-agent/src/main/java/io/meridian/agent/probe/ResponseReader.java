package io.meridian.agent.probe;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads one HTTP/1.x response to a {@code GET} from the bytes as they arrive, keeping only what a
 * health check judges: the status, and the first {@code bodyLimit} bytes of the body when asked
 * for. It knows where the response ends from {@code Content-Length}, from {@code Transfer-Encoding:
 * chunked}, or from the end of the connection; statuses 204 and 304 have no body, and interim 1xx
 * responses are skipped. It also tells whether the connection may be reused ({@link #reusable()}).
 * Not thread-safe: one reader per probe, fed on its event loop.
 */
final class ResponseReader {

  /** Status line plus headers; a health page never needs more. */
  static final int MAX_HEAD = 64 * 1024;

  /** A chunk-size or trailer line. */
  static final int MAX_LINE = 8 * 1024;

  private enum Phase {
    STATUS,
    HEADERS,
    BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILERS,
    TO_CLOSE,
    DONE
  }

  private final int bodyLimit;
  private final StringBuilder line = new StringBuilder(64);
  private Phase phase = Phase.STATUS;
  private int headBytes;
  private int status;
  private long contentLength;
  private boolean chunked;
  private boolean http11;
  private boolean closeAsked;
  private boolean delimited = true;
  private long remaining;
  private Buffer body;
  private String problem;

  /**
   * @param bodyLimit how much of the body to keep for {@link #body()}; 0 keeps none
   */
  ResponseReader(int bodyLimit) {
    this.bodyLimit = bodyLimit;
  }

  /**
   * Takes the next bytes.
   *
   * @return true once the response is complete or malformed ({@link #problem()}); later bytes are
   *     ignored
   */
  boolean feed(Buffer bytes) {
    int length = bytes.length();
    int i = 0;
    while (i < length && phase != Phase.DONE) {
      switch (phase) {
        case STATUS, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
          byte b = bytes.getByte(i++);
          boolean head = phase == Phase.STATUS || phase == Phase.HEADERS;
          if (head ? ++headBytes > MAX_HEAD : line.length() > MAX_LINE) {
            return fail(
                head
                    ? "response head longer than " + MAX_HEAD + " bytes"
                    : "chunk line longer than " + MAX_LINE + " bytes");
          }
          if (b == '\n') {
            endOfLine();
          } else if (b != '\r') {
            line.append((char) (b & 0xff));
          }
        }
        case BODY, CHUNK_DATA, TO_CLOSE -> {
          int take = phase == Phase.TO_CLOSE ? length - i : (int) Math.min(remaining, length - i);
          keep(bytes, i, take);
          i += take;
          remaining -= take;
          if (remaining == 0 && phase == Phase.BODY) {
            phase = Phase.DONE;
          } else if (remaining == 0 && phase == Phase.CHUNK_DATA) {
            phase = Phase.CHUNK_END;
          }
        }
        case DONE -> {}
      }
    }
    return phase == Phase.DONE;
  }

  /**
   * The connection ended.
   *
   * @return true when that ends the response (a body that runs to the close); otherwise the
   *     response was cut short and {@link #problem()} says so
   */
  boolean closed() {
    if (phase == Phase.TO_CLOSE) {
      phase = Phase.DONE;
    } else if (phase != Phase.DONE) {
      fail(
          phase == Phase.STATUS && headBytes == 0
              ? "connection closed without a response"
              : "connection closed before the response ended");
    }
    return problem == null;
  }

  /** Whether any byte of a response has arrived. */
  boolean started() {
    return headBytes > 0;
  }

  /**
   * Whether the connection may carry another request: the response is complete and well-formed,
   * HTTP/1.1, ended by its length (not by the close) and without {@code Connection: close}.
   */
  boolean reusable() {
    return phase == Phase.DONE && problem == null && http11 && !closeAsked && delimited;
  }

  /** The status; valid once complete. */
  int status() {
    return status;
  }

  /** Why the response could not be read, or null. */
  String problem() {
    return problem;
  }

  /** The first {@code bodyLimit} bytes of the body as text, or empty when none were kept. */
  String body() {
    return body == null ? "" : body.toString(StandardCharsets.UTF_8);
  }

  private void keep(Buffer bytes, int from, int count) {
    if (bodyLimit == 0 || count == 0) {
      return;
    }
    if (body == null) {
      body = Buffer.buffer(Math.min(bodyLimit, 256));
    }
    int room = bodyLimit - body.length();
    if (room > 0) {
      body.appendBuffer(bytes, from, Math.min(room, count));
    }
  }

  private void endOfLine() {
    if (phase == Phase.HEADERS) {
      // most header lines say nothing a check reads: judge them in place, without a String
      if (line.length() == 0) {
        endOfHead();
      } else {
        header();
      }
      line.setLength(0);
      return;
    }
    String text = line.toString();
    line.setLength(0);
    switch (phase) {
      case STATUS -> statusLine(text);
      case CHUNK_SIZE -> chunkSize(text);
      case CHUNK_END -> {
        if (!text.isEmpty()) {
          fail("chunk not followed by CRLF");
        } else {
          phase = Phase.CHUNK_SIZE;
        }
      }
      case TRAILERS -> {
        if (text.isEmpty()) {
          phase = Phase.DONE;
        }
      }
      default -> throw new IllegalStateException(phase.toString());
    }
  }

  private void statusLine(String text) {
    // "HTTP/1.1 200 OK"; the reason phrase may be empty or missing
    if (text.length() < 12
        || !text.startsWith("HTTP/1.")
        || text.charAt(8) != ' '
        || (text.length() > 12 && text.charAt(12) != ' ')) {
      fail("not an HTTP/1.x status line: " + abbreviate(text));
      return;
    }
    int code = 0;
    for (int i = 9; i < 12; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        fail("not an HTTP/1.x status line: " + abbreviate(text));
        return;
      }
      code = code * 10 + (c - '0');
    }
    status = code;
    http11 = text.charAt(7) == '1';
    contentLength = -1;
    chunked = false;
    closeAsked = false;
    phase = Phase.HEADERS;
  }

  /** The header line in {@link #line}: only the three that frame the response are read. */
  private void header() {
    int colon = line.indexOf(":");
    if (colon <= 0) {
      fail("malformed header line: " + abbreviate(line.toString()));
      return;
    }
    if (!named(colon, "content-length") && !named(colon, "transfer-encoding")
        && !named(colon, "connection")) {
      return;
    }
    String name = line.substring(0, colon).trim();
    String value = line.substring(colon + 1).trim();
    if (name.equalsIgnoreCase("content-length")) {
      try {
        contentLength = Long.parseLong(value);
      } catch (NumberFormatException e) {
        contentLength = -2;
      }
      if (contentLength < 0) {
        fail("bad Content-Length: " + abbreviate(value));
      }
    } else if (name.equalsIgnoreCase("transfer-encoding")) {
      chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
    } else if (name.equalsIgnoreCase("connection")) {
      closeAsked |= hasToken(value, "close");
    }
  }

  private void endOfHead() {
    if (status >= 100 && status < 200 && status != 101) {
      phase = Phase.STATUS; // interim response: the real one follows
    } else if (status == 204 || status == 304 || status == 101) {
      delimited = status != 101; // after 101 the connection speaks another protocol
      phase = Phase.DONE;
    } else if (chunked) {
      phase = Phase.CHUNK_SIZE;
    } else if (contentLength >= 0) {
      remaining = contentLength;
      phase = contentLength == 0 ? Phase.DONE : Phase.BODY;
    } else {
      delimited = false;
      phase = Phase.TO_CLOSE;
    }
  }

  /** Whether the header name in {@link #line} before {@code colon} is {@code name} (any case). */
  private boolean named(int colon, String name) {
    int end = colon;
    while (end > 0 && line.charAt(end - 1) == ' ') {
      end--;
    }
    if (end != name.length()) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      if (Character.toLowerCase(line.charAt(i)) != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the comma-separated header value lists {@code token}, in any case. */
  private static boolean hasToken(String value, String token) {
    for (String part : value.split(",")) {
      if (part.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  private void chunkSize(String text) {
    int end = text.indexOf(';');
    String hex = (end < 0 ? text : text.substring(0, end)).trim();
    long size;
    try {
      size = Long.parseLong(hex, 16);
    } catch (NumberFormatException e) {
      size = -1;
    }
    if (size < 0) {
      fail("bad chunk size: " + abbreviate(text));
    } else if (size == 0) {
      phase = Phase.TRAILERS;
    } else {
      remaining = size;
      phase = Phase.CHUNK_DATA;
    }
  }

  private boolean fail(String why) {
    if (problem == null) {
      problem = why;
    }
    phase = Phase.DONE;
    return true;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
