package io.meridian.balancer.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a decoder made of some bytes, as lines of text independent of how the bytes were split:
 * one line per message head ({@code GET /a HTTP/1.1 [Host=x]}), one per body with its
 * concatenated content and trailers, one per failure ({@code FAIL reason}).
 */
final class Transcript {

  private final List<String> lines = new ArrayList<>();
  private final StringBuilder body = new StringBuilder();

  /** Writes {@code raw} into {@code channel} in parts split at {@code splits} and reads all out. */
  static List<String> of(EmbeddedChannel channel, String raw, int... splits) {
    int from = 0;
    for (int split : splits) {
      channel.writeInbound(bytes(raw.substring(from, split)));
      from = split;
    }
    channel.writeInbound(bytes(raw.substring(from)));
    return read(channel);
  }

  static List<String> read(EmbeddedChannel channel) {
    Transcript transcript = new Transcript();
    Object message;
    while ((message = channel.readInbound()) != null) {
      transcript.add(message);
    }
    return transcript.lines;
  }

  static ByteBuf bytes(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
  }

  private void add(Object message) {
    if (message instanceof HttpMessage head) {
      if (head.decoderResult().isFailure()) {
        lines.add("FAIL " + head.decoderResult().cause().getMessage());
        return;
      }
      String start =
          head instanceof HttpRequest r
              ? r.method() + " " + r.uri() + " " + r.protocolVersion()
              : ((HttpResponse) head).protocolVersion() + " " + ((HttpResponse) head).status();
      lines.add(start + " " + entries(head.headers().entries()));
    }
    if (message instanceof HttpContent content) {
      body.append(content.content().toString(StandardCharsets.ISO_8859_1));
      if (content instanceof LastHttpContent last) {
        lines.add("body=" + body + " trailers=" + entries(last.trailingHeaders().entries()));
        body.setLength(0);
      }
      content.release();
    } else if (message instanceof ByteBuf raw) {
      lines.add("raw=" + raw.toString(StandardCharsets.ISO_8859_1));
      raw.release();
    }
  }

  private static String entries(List<Map.Entry<String, String>> entries) {
    StringBuilder text = new StringBuilder("[");
    for (Map.Entry<String, String> e : entries) {
      text.append(text.length() > 1 ? ", " : "").append(e.getKey()).append('=').append(e.getValue());
    }
    return text.append(']').toString();
  }
}
