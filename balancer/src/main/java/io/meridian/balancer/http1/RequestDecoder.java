package io.meridian.balancer.http1;

import io.meridian.balancer.http1.HeadParser.Framing;
import io.meridian.balancer.http1.HeadParser.RequestLine;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * A client connection's requests, in place: each head becomes a {@code HttpRequest} whose headers
 * are {@link RawHeaders} over the received bytes, its body {@code HttpContent} slices, ended by a
 * {@code LastHttpContent}. The request-smuggling defences are the framing rules here: a request
 * with both {@code Transfer-Encoding} and {@code Content-Length}, a {@code Transfer-Encoding}
 * other than exactly {@code chunked} (or more than one), one in an HTTP/1.0 request, and more than
 * one {@code Content-Length} are all refused. A refused or malformed request arrives as a request
 * whose {@code decoderResult()} failed, with the reason (a {@link MalformedHttpException}, or
 * Netty's too-long exceptions for the size limits); nothing after it is read.
 */
public final class RequestDecoder extends MessageDecoder {

  public RequestDecoder(int maxLineLength, int maxHeaderSize) {
    super(maxLineLength, maxHeaderSize);
  }

  @Override
  protected boolean head(byte[] head, int firstLineEnd, List<Object> out) {
    RequestLine line = HeadParser.requestLine(head, firstLineEnd);
    RawHeaders headers = new RawHeaders(head, 12);
    Framing framing = HeadParser.headerLines(head, firstLineEnd + 1, headers);
    if (framing.transferEncodings > 0) {
      if (framing.contentLengths > 0) {
        throw new MalformedHttpException("both Transfer-Encoding and Content-Length");
      }
      if (!framing.onlyChunked || framing.transferEncodings > 1) {
        throw new MalformedHttpException("Transfer-Encoding other than chunked");
      }
      if (line.version() == HttpVersion.HTTP_1_0) {
        throw new MalformedHttpException("Transfer-Encoding in an HTTP/1.0 request");
      }
    }
    out.add(new DefaultHttpRequest(line.version(), line.method(), line.uri(), headers));
    if (framing.transferEncodings > 0) {
      body.chunked();
      return true;
    }
    if (framing.contentLength > 0) {
      body.length(framing.contentLength);
      return true;
    }
    out.add(LastHttpContent.EMPTY_LAST_CONTENT);
    return false;
  }

  @Override
  protected void malformed(RuntimeException cause, List<Object> out) {
    FullHttpRequest invalid = new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/bad-request");
    invalid.setDecoderResult(DecoderResult.failure(cause));
    out.add(invalid);
  }
}
