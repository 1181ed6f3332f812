package io.meridian.balancer.http1;

import io.meridian.balancer.http1.HeadParser.Framing;
import io.meridian.balancer.http1.HeadParser.StatusLine;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * A target connection's responses, in place, as {@link RequestDecoder} reads requests. The body
 * follows RFC 9112 6.3: none for a {@code HEAD} request's response, 1xx, 204 and 304; chunked when
 * the last transfer coding is {@code chunked} (a {@code Content-Length} beside it is dropped);
 * until the close for any other transfer coding or when no length is given; else the {@code
 * Content-Length}. After a 101 the connection is no longer HTTP. A malformed response fails the
 * channel (exceptionCaught with a {@link MalformedHttpException}).
 */
public final class ResponseDecoder extends MessageDecoder {

  private boolean headRequest;

  public ResponseDecoder(int maxLineLength, int maxHeaderSize) {
    super(maxLineLength, maxHeaderSize);
  }

  /** The request being answered next was a {@code HEAD}: its response has no body. */
  void answering(boolean head) {
    this.headRequest = head;
  }

  @Override
  protected boolean head(byte[] head, int firstLineEnd, List<Object> out) {
    StatusLine line = HeadParser.statusLine(head, firstLineEnd);
    RawHeaders headers = new RawHeaders(head, 12);
    Framing framing = HeadParser.headerLines(head, firstLineEnd + 1, headers);
    out.add(new DefaultHttpResponse(line.version(), line.status(), headers));
    int code = line.status().code();
    if (code == 101) {
      switched();
    }
    if (code < 200 || headRequest || code == 204 || code == 304) {
      out.add(LastHttpContent.EMPTY_LAST_CONTENT);
      return false;
    }
    if (framing.transferEncodings > 0) {
      headers.remove(HttpHeaderNames.CONTENT_LENGTH);
      if (framing.chunked) {
        body.chunked();
      } else {
        body.untilClose();
      }
      return true;
    }
    if (framing.contentLength == 0) {
      out.add(LastHttpContent.EMPTY_LAST_CONTENT);
      return false;
    }
    if (framing.contentLength > 0) {
      body.length(framing.contentLength);
    } else {
      body.untilClose();
    }
    return true;
  }

  @Override
  protected void malformed(RuntimeException cause, List<Object> out) {
    throw cause instanceof MalformedHttpException m ? m : new MalformedHttpException(cause.getMessage());
  }
}
