package io.meridian.balancer.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One message body, passed on as slices of the received buffer by its framing: a {@code
 * Content-Length} counted down, chunks read by a state machine (size line, data, CRLF, and the
 * trailer section after the last chunk), or everything until the connection closes (responses).
 * Each part becomes an {@code HttpContent}; the end a {@code LastHttpContent} (with the trailers,
 * if any). Chunk framing is read strictly: hexadecimal sizes of at most 15 digits, lines ended by
 * CRLF, the data followed by CRLF; anything else is {@link MalformedHttpException}.
 */
final class BodyReader {

  private static final int LENGTH = 0;
  private static final int CHUNK_SIZE = 1;
  private static final int CHUNK_DATA = 2;
  private static final int CHUNK_END = 3;
  private static final int TRAILERS = 4;
  private static final int UNTIL_CLOSE = 5;

  /** Longest chunk-size line (with extensions) and trailer line taken. */
  private static final int MAX_LINE = 8 * 1024;

  private final int maxTrailerSize;
  private int state;
  private long remaining;
  private int trailerBytes;
  private LastHttpContent trailers;

  BodyReader(int maxTrailerSize) {
    this.maxTrailerSize = maxTrailerSize;
  }

  void length(long length) {
    state = LENGTH;
    remaining = length;
  }

  void chunked() {
    state = CHUNK_SIZE;
    trailerBytes = 0;
    trailers = null;
  }

  void untilClose() {
    state = UNTIL_CLOSE;
  }

  /** Reads what {@code in} holds of the body; true when the body ended (its last part added). */
  boolean read(ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      switch (state) {
        case LENGTH -> {
          int n = (int) Math.min(in.readableBytes(), remaining);
          remaining -= n;
          if (remaining == 0) {
            out.add(new DefaultLastHttpContent(in.readRetainedSlice(n)));
            return true;
          }
          out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
        }
        case UNTIL_CLOSE -> out.add(new DefaultHttpContent(in.readRetainedSlice(in.readableBytes())));
        case CHUNK_SIZE -> {
          int end = lineEnd(in);
          if (end < 0) {
            return false;
          }
          remaining = chunkSize(in, in.readerIndex(), end - 1);
          in.readerIndex(end + 1);
          state = remaining == 0 ? TRAILERS : CHUNK_DATA;
        }
        case CHUNK_DATA -> {
          int n = (int) Math.min(in.readableBytes(), remaining);
          remaining -= n;
          out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
          if (remaining == 0) {
            state = CHUNK_END;
          }
        }
        case CHUNK_END -> {
          if (in.readableBytes() < 2) {
            return false;
          }
          if (in.readByte() != '\r' || in.readByte() != '\n') {
            throw new MalformedHttpException("chunk data not followed by CRLF");
          }
          state = CHUNK_SIZE;
        }
        case TRAILERS -> {
          int end = lineEnd(in);
          if (end < 0) {
            return false;
          }
          int start = in.readerIndex();
          in.readerIndex(end + 1);
          if (end - 1 == start) {
            out.add(trailers != null ? trailers : LastHttpContent.EMPTY_LAST_CONTENT);
            trailers = null;
            return true;
          }
          trailerBytes += end + 1 - start;
          if (trailerBytes > maxTrailerSize) {
            throw new MalformedHttpException("trailer section too large");
          }
          trailer(in, start, end - 1);
        }
        default -> throw new IllegalStateException();
      }
    }
    return false;
  }

  /** The connection closed: true when that ends the body (read until close). */
  boolean closed(List<Object> out) {
    if (state != UNTIL_CLOSE) {
      return false;
    }
    out.add(LastHttpContent.EMPTY_LAST_CONTENT);
    return true;
  }

  /** The index of the LF ending a CRLF line at the reader index, or -1 when not all here yet. */
  private static int lineEnd(ByteBuf in) {
    int start = in.readerIndex();
    int limit = Math.min(in.writerIndex(), start + MAX_LINE);
    int lf = in.indexOf(start, limit, (byte) '\n');
    if (lf < 0) {
      if (limit - start == MAX_LINE) {
        throw new MalformedHttpException("chunk line too long");
      }
      return -1;
    }
    if (lf == start || in.getByte(lf - 1) != '\r') {
      throw new MalformedHttpException("chunk line not ended by CRLF");
    }
    return lf;
  }

  /** {@code chunk-size [ BWS ; chunk-ext ]} in {@code in[start, end)}. */
  private static long chunkSize(ByteBuf in, int start, int end) {
    long size = 0;
    int i = start;
    for (; i < end; i++) {
      int d = Character.digit(in.getByte(i), 16);
      if (d < 0) {
        break;
      }
      if (i - start == 15) {
        throw new MalformedHttpException("chunk size too large");
      }
      size = size * 16 + d;
    }
    if (i == start) {
      throw new MalformedHttpException("malformed chunk size");
    }
    int ext = i;
    while (ext < end && (in.getByte(ext) == ' ' || in.getByte(ext) == '\t')) {
      ext++;
    }
    if (ext < end && in.getByte(ext) != ';') {
      throw new MalformedHttpException("malformed chunk size");
    }
    for (; ext < end; ext++) {
      int c = in.getByte(ext) & 0xff;
      if (c < 0x20 ? c != '\t' : c == 0x7f) {
        throw new MalformedHttpException("control character in a chunk extension");
      }
    }
    return size;
  }

  private void trailer(ByteBuf in, int start, int end) {
    String line = in.toString(start, end - start, StandardCharsets.ISO_8859_1);
    int colon = line.indexOf(':');
    if (colon <= 0) {
      throw new MalformedHttpException("malformed trailer line");
    }
    if (trailers == null) {
      trailers = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
    }
    try {
      // the default headers validate names (tokens, so no whitespace before the colon) and values
      trailers.trailingHeaders().add(line.substring(0, colon), line.substring(colon + 1).strip());
    } catch (IllegalArgumentException e) {
      throw new MalformedHttpException("malformed trailer line");
    }
  }
}
