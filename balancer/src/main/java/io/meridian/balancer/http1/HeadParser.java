package io.meridian.balancer.http1;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one HTTP/1 head (start line and header lines, up to and with the empty line) from the
 * bytes it arrived in, strictly, as a proxy in front of other parsers must (RFC 9112): a header
 * name is a token followed at once by the colon (whitespace before it is refused), a value holds
 * no control character other than tab, a folded line (obs-fold) is refused, lines end in CRLF or
 * LF. The start line is HTTP/1.0 or HTTP/1.1 only. What the framing headers say is collected on
 * the way ({@link Framing}); the decoders decide what it means for their side.
 */
final class HeadParser {

  private HeadParser() {}

  /** What {@code Content-Length} and {@code Transfer-Encoding} lines said. */
  static final class Framing {
    /** The one {@code Content-Length}, or -1 when none. */
    long contentLength = -1;
    int contentLengths;
    int transferEncodings;
    /** The last transfer coding is {@code chunked}. */
    boolean chunked;
    /** There is one {@code Transfer-Encoding} line and it says {@code chunked} and nothing else. */
    boolean onlyChunked;
  }

  private static final boolean[] TOKEN = new boolean[256];

  static {
    for (int c = '0'; c <= '9'; c++) {
      TOKEN[c] = true;
    }
    for (int c = 'a'; c <= 'z'; c++) {
      TOKEN[c] = true;
      TOKEN[c - 32] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TOKEN[c] = true;
    }
  }

  /** A request line: method, target and version, from {@code head[0, end)}. */
  record RequestLine(HttpMethod method, String uri, HttpVersion version) {}

  /** A status line. */
  record StatusLine(HttpVersion version, HttpResponseStatus status) {}

  static RequestLine requestLine(byte[] head, int end) {
    end = withoutCr(head, 0, end);
    int sp = 0;
    while (sp < end && TOKEN[head[sp] & 0xff]) {
      sp++;
    }
    if (sp == 0 || sp >= end || head[sp] != ' ') {
      throw new MalformedHttpException("malformed request line");
    }
    HttpMethod method = method(head, sp);
    int uriStart = sp + 1;
    int uriEnd = uriStart;
    while (uriEnd < end && (head[uriEnd] & 0xff) > ' ' && head[uriEnd] != 0x7f) {
      uriEnd++;
    }
    if (uriEnd == uriStart || uriEnd >= end || head[uriEnd] != ' ') {
      throw new MalformedHttpException("malformed request line");
    }
    HttpVersion version = version(head, uriEnd + 1, end);
    if (version == null) {
      throw new MalformedHttpException("HTTP version other than 1.0 or 1.1");
    }
    return new RequestLine(
        method, new String(head, uriStart, uriEnd - uriStart, StandardCharsets.ISO_8859_1), version);
  }

  static StatusLine statusLine(byte[] head, int end) {
    end = withoutCr(head, 0, end);
    HttpVersion version = end >= 12 ? version(head, 0, 8) : null;
    if (version == null || head[8] != ' ') {
      throw new MalformedHttpException("malformed status line");
    }
    int code = 0;
    for (int i = 9; i < 12; i++) {
      int d = head[i] - '0';
      if (d < 0 || d > 9) {
        throw new MalformedHttpException("malformed status code");
      }
      code = code * 10 + d;
    }
    if (code < 100) {
      throw new MalformedHttpException("malformed status code");
    }
    HttpResponseStatus status = HttpResponseStatus.valueOf(code);
    if (end > 12) {
      if (head[12] != ' ') {
        throw new MalformedHttpException("malformed status line");
      }
      for (int i = 13; i < end; i++) {
        if (!fieldByte(head[i])) {
          throw new MalformedHttpException("control character in the reason phrase");
        }
      }
      if (!equals(head, 13, end, status.reasonPhrase())) {
        status = new HttpResponseStatus(code, new String(head, 13, end - 13, StandardCharsets.ISO_8859_1));
      }
    }
    return new StatusLine(version, status);
  }

  /**
   * Reads the header lines from {@code head[from]} to the empty line into {@code into}; returns
   * what they say about the body.
   */
  static Framing headerLines(byte[] head, int from, RawHeaders into) {
    Framing framing = new Framing();
    int start = from;
    while (true) {
      int lf = start;
      while (head[lf] != '\n') {
        lf++;
      }
      int end = withoutCr(head, start, lf);
      if (end == start) {
        return framing;
      }
      headerLine(head, start, end, into, framing);
      start = lf + 1;
    }
  }

  private static void headerLine(byte[] head, int start, int end, RawHeaders into, Framing framing) {
    int colon = start;
    while (colon < end && TOKEN[head[colon] & 0xff]) {
      colon++;
    }
    if (colon == start || colon == end || head[colon] != ':') {
      throw new MalformedHttpException(
          head[start] == ' ' || head[start] == '\t'
              ? "folded header line (obs-fold)"
              : "malformed header name");
    }
    int valueStart = colon + 1;
    while (valueStart < end && (head[valueStart] == ' ' || head[valueStart] == '\t')) {
      valueStart++;
    }
    int valueEnd = end;
    while (valueEnd > valueStart && (head[valueEnd - 1] == ' ' || head[valueEnd - 1] == '\t')) {
      valueEnd--;
    }
    for (int i = valueStart; i < valueEnd; i++) {
      if (!fieldByte(head[i])) {
        throw new MalformedHttpException("control character in a header value");
      }
    }
    into.addRaw(start, colon, valueStart, valueEnd);
    int nameLength = colon - start;
    if (nameLength == 14 && named(head, start, "content-length")) {
      if (++framing.contentLengths > 1) {
        throw new MalformedHttpException("more than one Content-Length");
      }
      framing.contentLength = length(head, valueStart, valueEnd);
    } else if (nameLength == 17 && named(head, start, "transfer-encoding")) {
      framing.transferEncodings++;
      framing.onlyChunked =
          framing.transferEncodings == 1 && equalsIgnoreCase(head, valueStart, valueEnd, "chunked");
      int last = valueEnd;
      while (last > valueStart && head[last - 1] != ',') {
        last--;
      }
      while (last < valueEnd && (head[last] == ' ' || head[last] == '\t')) {
        last++;
      }
      framing.chunked = equalsIgnoreCase(head, last, valueEnd, "chunked");
    }
  }

  private static long length(byte[] head, int start, int end) {
    if (end == start || end - start > 18) {
      throw new MalformedHttpException("malformed Content-Length");
    }
    long n = 0;
    for (int i = start; i < end; i++) {
      int d = head[i] - '0';
      if (d < 0 || d > 9) {
        throw new MalformedHttpException("malformed Content-Length");
      }
      n = n * 10 + d;
    }
    return n;
  }

  /** Visible characters, obs-text, space and tab: what a field value or reason may hold. */
  private static boolean fieldByte(byte b) {
    int c = b & 0xff;
    return c >= 0x20 ? c != 0x7f : c == '\t';
  }

  private static int withoutCr(byte[] head, int start, int lf) {
    return lf > start && head[lf - 1] == '\r' ? lf - 1 : lf;
  }

  private static boolean named(byte[] head, int start, String lowerCase) {
    return equalsIgnoreCase(head, start, start + lowerCase.length(), lowerCase);
  }

  private static boolean equalsIgnoreCase(byte[] head, int start, int end, String lowerCase) {
    if (end - start != lowerCase.length()) {
      return false;
    }
    for (int i = 0; i < lowerCase.length(); i++) {
      int c = head[start + i];
      if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != lowerCase.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static HttpVersion version(byte[] head, int start, int end) {
    if (end - start != 8
        || head[start] != 'H' || head[start + 1] != 'T' || head[start + 2] != 'T'
        || head[start + 3] != 'P' || head[start + 4] != '/' || head[start + 5] != '1'
        || head[start + 6] != '.') {
      return null;
    }
    return switch (head[start + 7]) {
      case '1' -> HttpVersion.HTTP_1_1;
      case '0' -> HttpVersion.HTTP_1_0;
      default -> null;
    };
  }

  private static final HttpMethod[] COMMON = {
    HttpMethod.GET, HttpMethod.POST, HttpMethod.HEAD, HttpMethod.PUT, HttpMethod.DELETE,
    HttpMethod.OPTIONS, HttpMethod.PATCH, HttpMethod.TRACE, HttpMethod.CONNECT
  };

  private static HttpMethod method(byte[] head, int length) {
    for (HttpMethod common : COMMON) {
      AsciiString name = common.asciiName();
      int offset = name.arrayOffset();
      if (name.length() == length
          && Arrays.equals(name.array(), offset, offset + length, head, 0, length)) {
        return common;
      }
    }
    return HttpMethod.valueOf(new String(head, 0, length, StandardCharsets.ISO_8859_1));
  }

  private static boolean equals(byte[] head, int start, int end, String text) {
    if (end - start != text.length()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if ((head[start + i] & 0xff) != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
