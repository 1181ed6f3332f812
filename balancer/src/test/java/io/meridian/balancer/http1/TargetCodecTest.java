package io.meridian.balancer.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The target side: requests written from their received bytes, responses framed by RFC 9112 6.3. */
class TargetCodecTest {

  private static EmbeddedChannel codec() {
    return new EmbeddedChannel(new TargetCodec(1024, 4096));
  }

  private static String send(EmbeddedChannel channel, HttpRequest request) {
    channel.writeOutbound(request);
    StringBuilder written = new StringBuilder();
    ByteBuf part;
    while ((part = channel.readOutbound()) != null) {
      written.append(part.toString(StandardCharsets.ISO_8859_1));
      part.release();
    }
    return written.toString();
  }

  private static HttpRequest request(HttpMethod method) {
    return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/");
  }

  @Test
  void aReceivedRequestIsWrittenAsItsBytesWithTheEdits() {
    EmbeddedChannel client = new EmbeddedChannel(new RequestDecoder(1024, 4096));
    client.writeInbound(Transcript.bytes("GET /p?q HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\nAccept: */*\r\nUser-Agent: t\r\n\r\n"));
    HttpRequest request = client.readInbound();
    request.headers().remove("connection").set("x-forwarded-for", "10.0.0.1");
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
    assertEquals(
        "GET /p?q HTTP/1.1\r\nHost: x\r\nAccept: */*\r\nUser-Agent: t\r\nx-forwarded-for: 10.0.0.1\r\n\r\n",
        send(codec(), request));
  }

  @Test
  void responsesAreFramedByStatusMethodAndHeaders() {
    EmbeddedChannel channel = codec();
    send(channel, request(HttpMethod.GET));
    assertEquals(
        List.of("HTTP/1.1 200 OK [Content-Length=5]", "body=hello trailers=[]"),
        Transcript.of(channel, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"));
    send(channel, request(HttpMethod.HEAD));
    assertEquals(
        List.of("HTTP/1.1 200 OK [Content-Length=5]", "body= trailers=[]"),
        Transcript.of(channel, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"));
    send(channel, request(HttpMethod.GET));
    assertEquals(
        List.of(
            "HTTP/1.1 100 Continue []", "body= trailers=[]",
            "HTTP/1.1 304 Not Modified [Content-Length=9]", "body= trailers=[]"),
        Transcript.of(channel, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n"));
    send(channel, request(HttpMethod.GET));
    assertEquals(
        List.of("HTTP/1.1 200 Fine [Transfer-Encoding=chunked]", "body=abcdef trailers=[T=1]"),
        Transcript.of(channel, "HTTP/1.1 200 Fine\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\nT: 1\r\n\r\n"),
        "chunked wins over Content-Length, which is dropped; a reason of its own is kept");
    send(channel, request(HttpMethod.GET));
    channel.writeInbound(Transcript.bytes("HTTP/1.0 200 OK\r\n\r\nuntil"));
    channel.writeInbound(Transcript.bytes(" the close"));
    channel.close();
    assertEquals(
        List.of("HTTP/1.0 200 OK []", "body=until the close trailers=[]"), Transcript.read(channel));
  }

  @Test
  void after101TheBytesAreNoLongerHttpAndPassOnWhenTheCodecIsRemoved() {
    EmbeddedChannel channel = codec();
    send(channel, request(HttpMethod.GET));
    assertEquals(
        List.of("HTTP/1.1 101 Switching Protocols [Upgrade=websocket]", "body= trailers=[]"),
        Transcript.of(channel, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081\u0002hi"));
    channel.pipeline().remove(TargetCodec.class);
    assertEquals(List.of("raw=\u0081\u0002hi"), Transcript.read(channel));
  }

  @Test
  void aMalformedResponseFailsTheChannel() {
    for (String bad : List.of(
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "ICY 200 OK\r\n\r\n")) {
      EmbeddedChannel channel = codec();
      send(channel, request(HttpMethod.GET));
      MalformedHttpException e =
          assertThrows(MalformedHttpException.class, () -> channel.writeInbound(Transcript.bytes(bad)), bad);
      assertInstanceOf(String.class, e.getMessage());
    }
  }
}
