package io.meridian.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ResponseReader} over a table of responses, each fed whole and one byte at a time: where
 * the response ends, the status, the body kept, and what a broken response is called.
 */
class ResponseReaderTest {

  /**
   * @param bytes what the server sends before closing (or not)
   * @param closes whether the connection ends after {@code bytes}
   * @param status the expected status, or 0 for a broken response
   * @param body the expected kept body (limit 8), or the expected problem when {@code status} is 0
   */
  record Case(String name, String bytes, boolean closes, int status, String body) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
            new Case("content-length", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false, 200, "ok"),
            new Case(
                "header names in any case, bare LF lines",
                "HTTP/1.1 503 Busy\ncontent-LENGTH:  4 \n\nbusy",
                false,
                503,
                "busy"),
            new Case(
                "only the first bytes of the body are kept",
                "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n0123456789ab",
                false,
                200,
                "01234567"),
            new Case(
                "chunked, with an extension and a trailer",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3;x=y\r\nsta\r\n3\r\ntus\r\n0\r\nX-Trailer: 1\r\n\r\n",
                false,
                200,
                "status"),
            new Case(
                "body until the connection closes",
                "HTTP/1.0 200 OK\r\n\r\nuntil close",
                true,
                200,
                "until cl"),
            new Case("204 has no body", "HTTP/1.1 204 No Content\r\n\r\n", false, 204, ""),
            new Case("304 has no body", "HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n", false, 304, ""),
            new Case(
                "interim 100 is skipped",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx",
                false,
                201,
                "x"),
            new Case("no reason phrase", "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", false, 200, ""),
            new Case("not HTTP", "SSH-2.0-OpenSSH_9.2\r\n", false, 0, "not an HTTP/1.x status line: SSH-2.0-OpenSSH_9.2"),
            new Case("status not a number", "HTTP/1.1 2x0 OK\r\n", false, 0, "not an HTTP/1.x status line: HTTP/1.1 2x0 OK"),
            new Case("header without a colon", "HTTP/1.1 200 OK\r\nbroken\r\n\r\n", false, 0, "malformed header line: broken"),
            new Case(
                "bad content-length",
                "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
                false,
                0,
                "bad Content-Length: -1"),
            new Case(
                "bad chunk size",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                false,
                0,
                "bad chunk size: zz"),
            new Case(
                "body cut short",
                "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
                true,
                0,
                "connection closed before the response ended"),
            new Case("nothing at all", "", true, 0, "connection closed without a response"))
        .flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
  }

  @ParameterizedTest(name = "{0}, byte by byte: {1}")
  @MethodSource("cases")
  void reads(Case c, boolean byteByByte) {
    ResponseReader reader = new ResponseReader(8);
    byte[] bytes = c.bytes().getBytes(StandardCharsets.ISO_8859_1);
    boolean done = false;
    if (byteByByte) {
      for (byte b : bytes) {
        done = reader.feed(Buffer.buffer(new byte[] {b}));
      }
    } else if (bytes.length > 0) {
      done = reader.feed(Buffer.buffer(bytes));
    }
    if (c.closes()) {
      assertFalse(done, "the response ends only with the connection");
      reader.closed();
    } else {
      assertTrue(done, "complete without the connection ending");
    }
    if (c.status() == 0) {
      assertEquals(c.body(), reader.problem());
    } else {
      assertNull(reader.problem());
      assertEquals(c.status(), reader.status());
      assertEquals(c.body(), reader.body());
    }
  }

  @Test
  void aHeadLongerThanTheLimitIsRefused() {
    ResponseReader reader = new ResponseReader(0);
    String header = "X-Filler: " + "x".repeat(1000) + "\r\n";
    boolean done = reader.feed(Buffer.buffer("HTTP/1.1 200 OK\r\n" + header.repeat(70)));
    assertTrue(done);
    assertEquals("response head longer than 65536 bytes", reader.problem());
  }

  @Test
  void bytesAfterTheEndAreIgnored() {
    ResponseReader reader = new ResponseReader(8);
    assertTrue(reader.feed(Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 500 X\r\n")));
    assertEquals(200, reader.status());
    assertEquals("ok", reader.body());
    assertTrue(reader.closed());
  }

  static Stream<Arguments> reuse() {
    return Stream.of(
        Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true),
        Arguments.of("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n", true),
        Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", true),
        Arguments.of("HTTP/1.1 204 No Content\r\n\r\n", true),
        Arguments.of("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 0\r\n\r\n", false),
        Arguments.of("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false),
        Arguments.of("HTTP/1.1 101 Switching Protocols\r\n\r\n", false),
        Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhalf", false),
        Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", false));
  }

  @ParameterizedTest
  @MethodSource
  void reuse(String response, boolean reusable) {
    ResponseReader reader = new ResponseReader(0);
    assertFalse(reader.started());
    reader.feed(Buffer.buffer(response.getBytes(StandardCharsets.ISO_8859_1)));
    assertTrue(reader.started());
    assertEquals(reusable, reader.reusable(), response);
  }
}
