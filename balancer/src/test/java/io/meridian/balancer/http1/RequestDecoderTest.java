package io.meridian.balancer.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client side's decoder: requests and bodies however the bytes arrive; what it refuses. */
class RequestDecoderTest {

  private static final String PIPELINE =
      "GET /a?q=1 HTTP/1.1\r\nHost: x\r\nX-Two:  spaced out \t\r\n\r\n"
          + "POST /len HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
          + "\r\n" // a stray CRLF after a body, which clients send and servers skip
          + "POST /chunks HTTP/1.1\r\nhost: y\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "3;name=value\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nX-Checksum: 42\r\n\r\n"
          + "GET /old HTTP/1.0\nConnection: keep-alive\n\n";

  private static final List<String> EXPECTED =
      List.of(
          "GET /a?q=1 HTTP/1.1 [Host=x, X-Two=spaced out]",
          "body= trailers=[]",
          "POST /len HTTP/1.1 [Host=x, Content-Length=5]",
          "body=hello trailers=[]",
          "POST /chunks HTTP/1.1 [host=y, Transfer-Encoding=chunked]",
          "body=abc0123456789abcdef trailers=[X-Checksum=42]",
          "GET /old HTTP/1.0 [Connection=keep-alive]",
          "body= trailers=[]");

  private static EmbeddedChannel decoder() {
    return new EmbeddedChannel(new RequestDecoder(1024, 2048));
  }

  @Test
  void pipelinedRequestsWithBothKindsOfBodyDecodeInOnePiece() {
    assertEquals(EXPECTED, Transcript.of(decoder(), PIPELINE));
  }

  @Test
  void everySplitOfTheBytesDecodesTheSame() {
    for (int split = 1; split < PIPELINE.length(); split++) {
      assertEquals(EXPECTED, Transcript.of(decoder(), PIPELINE, split), "split at " + split);
    }
  }

  @Test
  void byteByByteAndRandomSplitsDecodeTheSame() {
    int[] everyByte = new int[PIPELINE.length() - 1];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = i + 1;
    }
    assertEquals(EXPECTED, Transcript.of(decoder(), PIPELINE, everyByte));
    SplittableRandom random = new SplittableRandom(6);
    for (int round = 0; round < 200; round++) {
      int[] splits = random.ints(random.nextInt(1, 12), 1, PIPELINE.length()).sorted().distinct().toArray();
      assertEquals(EXPECTED, Transcript.of(decoder(), PIPELINE, splits));
    }
  }

  @Test
  void theHeadersAreTheReceivedBytesAndWriteBackUnchanged() {
    EmbeddedChannel channel = decoder();
    channel.writeInbound(Transcript.bytes("GET / HTTP/1.1\r\nHost: x\r\nAccept: */*\r\nX-A:b\r\n\r\n"));
    HttpRequest request = channel.readInbound();
    RawHeaders headers = assertInstanceOf(RawHeaders.class, request.headers());
    assertEquals("x", headers.get("HOST"));
    assertEquals("b", headers.get("x-a"));
    var out = io.netty.buffer.Unpooled.buffer();
    headers.writeTo(out);
    assertEquals("Host: x\r\nAccept: */*\r\nX-A:b\r\n", out.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  /** Request smuggling and syntax the decoder refuses, each with its reason. */
  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "POST / HTTP/1.1\\r\\nContent-Length: 4\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n| both Transfer-Encoding and Content-Length",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\nContent-Length: 4\\r\\n\\r\\n| both Transfer-Encoding and Content-Length",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked, identity\\r\\n\\r\\n| Transfer-Encoding other than chunked",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: identity, chunked\\r\\n\\r\\n| Transfer-Encoding other than chunked",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: xchunked\\r\\n\\r\\n| Transfer-Encoding other than chunked",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n| Transfer-Encoding other than chunked",
        "POST / HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n| Transfer-Encoding in an HTTP/1.0 request",
        "POST / HTTP/1.1\\r\\nContent-Length: 4\\r\\nContent-Length: 4\\r\\n\\r\\n| more than one Content-Length",
        "POST / HTTP/1.1\\r\\nContent-Length: 4, 4\\r\\n\\r\\n| malformed Content-Length",
        "POST / HTTP/1.1\\r\\nContent-Length: +4\\r\\n\\r\\n| malformed Content-Length",
        "POST / HTTP/1.1\\r\\nContent-Length: -1\\r\\n\\r\\n| malformed Content-Length",
        "POST / HTTP/1.1\\r\\nContent-Length: 0x10\\r\\n\\r\\n| malformed Content-Length",
        "POST / HTTP/1.1\\r\\nContent-Length: 99999999999999999999\\r\\n\\r\\n| malformed Content-Length",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding : chunked\\r\\n\\r\\n| malformed header name",
        "POST / HTTP/1.1\\r\\nContent-Length\\t: 4\\r\\n\\r\\n| malformed header name",
        "GET / HTTP/1.1\\r\\nX-A: 1\\r\\n folded\\r\\n\\r\\n| folded header line (obs-fold)",
        "GET / HTTP/1.1\\r\\n: empty name\\r\\n\\r\\n| malformed header name",
        "GET / HTTP/1.1\\r\\nNo colon\\r\\n\\r\\n| malformed header name",
        "GET / HTTP/1.1\\r\\nX-A: a\\u0000b\\r\\n\\r\\n| control character in a header value",
        "GET / HTTP/1.1\\r\\nX-A: a\\rb\\r\\n\\r\\n| control character in a header value",
        "GET / HTTP/1.1\\r\\nX-A: a\\u007fb\\r\\n\\r\\n| control character in a header value",
        "GET  / HTTP/1.1\\r\\n\\r\\n| malformed request line",
        "GET / HTTP/1.1 \\r\\n\\r\\n| HTTP version other than 1.0 or 1.1",
        "GET / HTTP/2.0\\r\\n\\r\\n| HTTP version other than 1.0 or 1.1",
        "GET /\\r\\n\\r\\n| malformed request line",
        "G(T / HTTP/1.1\\r\\n\\r\\n| malformed request line",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0x5\\r\\nhello\\r\\n0\\r\\n\\r\\n| malformed chunk size",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n5 x\\r\\nhello\\r\\n0\\r\\n\\r\\n| malformed chunk size",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n-5\\r\\nhello\\r\\n0\\r\\n\\r\\n| malformed chunk size",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n5\\nhello\\r\\n0\\r\\n\\r\\n| chunk line not ended by CRLF",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n5\\r\\nhelloX\\r\\n0\\r\\n\\r\\n| chunk data not followed by CRLF",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n5\\r\\nhello\\n0\\r\\n\\r\\n| chunk data not followed by CRLF",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n1000000000000000\\r\\n| chunk size too large",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n5;a\\u0001b\\r\\nhello\\r\\n0\\r\\n\\r\\n| control character in a chunk extension",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\nBad Trailer: x\\r\\n\\r\\n| malformed trailer line",
      })
  void refusesWithTheReason(String raw, String reason) {
    List<String> transcript = Transcript.of(decoder(), unescape(raw) + "GET /after HTTP/1.1\r\n\r\n");
    assertEquals("FAIL " + reason, transcript.get(transcript.size() - 1), transcript.toString());
    assertTrue(transcript.stream().noneMatch(line -> line.startsWith("GET /after")), "nothing after it is read");
  }

  @Test
  void theSizeLimitsAreNettysExceptions() {
    EmbeddedChannel channel = decoder();
    channel.writeInbound(Transcript.bytes("GET /" + "a".repeat(1100)));
    HttpRequest failed = channel.readInbound();
    assertInstanceOf(TooLongHttpLineException.class, failed.decoderResult().cause());

    channel = decoder();
    channel.writeInbound(Transcript.bytes("GET / HTTP/1.1\r\nX-Big: " + "b".repeat(1500) + "\r\n"));
    channel.writeInbound(Transcript.bytes("X-Big2: " + "b".repeat(600) + "\r\n"));
    failed = channel.readInbound();
    assertInstanceOf(TooLongHttpHeaderException.class, failed.decoderResult().cause());

    channel = decoder(); // headers just within the limit pass
    List<String> ok = Transcript.of(channel, "GET / HTTP/1.1\r\nX-Big: " + "b".repeat(2030) + "\r\n\r\n");
    assertTrue(ok.get(0).startsWith("GET / HTTP/1.1 [X-Big=bbb"), ok.toString());
  }

  private static String unescape(String csv) {
    return csv.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")
        .replace("\\u0000", "\u0000").replace("\\u0001", "\u0001").replace("\\u007f", "\u007f");
  }
}
