package io.meridian.balancer.http1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;

/**
 * The part the two HTTP/1 decoders share: find where a head ends (the empty line) without copying
 * while it arrives, enforce the start line's and the header section's size limits, copy the head
 * once into an array for {@link HeadParser} and {@link RawHeaders}, then hand the body to a {@link
 * BodyReader}. Messages follow one another on the connection (pipelining, keep-alive). After a
 * malformed message nothing more is read; after a protocol switch the bytes stay for whoever takes
 * the connection over (removing this handler passes them on).
 */
abstract class MessageDecoder extends ByteToMessageDecoder {

  private static final int HEAD = 0;
  private static final int BODY = 1;
  private static final int SWITCHED = 2;
  private static final int BROKEN = 3;

  private final int maxLineLength;
  private final int maxHeaderSize;
  protected final BodyReader body;
  private int state = HEAD;
  /** Of the head that is arriving, relative to the reader index: bytes scanned, current line. */
  private int scanned;
  private int lineStart;
  private int firstLineEnd = -1;

  MessageDecoder(int maxLineLength, int maxHeaderSize) {
    this.maxLineLength = maxLineLength;
    this.maxHeaderSize = maxHeaderSize;
    this.body = new BodyReader(maxHeaderSize);
  }

  /** What the head says: a body follows (true) or the message ended with it (false). */
  protected abstract boolean head(byte[] head, int firstLineEnd, List<Object> out);

  /** The message is broken: tell the next handler. */
  protected abstract void malformed(RuntimeException cause, List<Object> out);

  /** After this message the connection speaks another protocol: stop reading HTTP. */
  protected final void switched() {
    state = SWITCHED;
  }

  @Override
  protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    try {
      while (in.isReadable()) {
        switch (state) {
          case HEAD -> {
            if (!readHead(in, out)) {
              return;
            }
          }
          case BODY -> {
            if (!body.read(in, out)) {
              return;
            }
            state = HEAD;
          }
          case BROKEN -> {
            in.skipBytes(in.readableBytes());
            return;
          }
          default -> {
            return; // SWITCHED
          }
        }
      }
    } catch (RuntimeException e) {
      state = BROKEN;
      in.skipBytes(in.readableBytes());
      malformed(e, out);
    }
  }

  @Override
  protected final void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    decode(ctx, in, out);
    if (state == BODY && body.closed(out)) {
      state = HEAD;
    }
  }

  private boolean readHead(ByteBuf in, List<Object> out) {
    if (scanned == 0) {
      while (in.isReadable() && isLineBreak(in.getByte(in.readerIndex()))) {
        in.skipBytes(1); // empty lines before a request line (RFC 9112 2.2)
      }
    }
    int start = in.readerIndex();
    int end = in.writerIndex();
    for (int from = start + scanned; ; ) {
      int lf = in.indexOf(from, end, (byte) '\n');
      if (lf < 0) {
        scanned = end - start;
        checkLimits(scanned);
        return false;
      }
      int lineLength = lf - (start + lineStart);
      if (firstLineEnd < 0) {
        firstLineEnd = lf - start;
        if (firstLineEnd > maxLineLength) {
          throw new TooLongHttpLineException("start line longer than " + maxLineLength + " bytes");
        }
      } else if (lineLength == 0 || (lineLength == 1 && in.getByte(lf - 1) == '\r')) {
        byte[] head = new byte[lf + 1 - start];
        in.readBytes(head);
        int first = firstLineEnd;
        scanned = 0;
        lineStart = 0;
        firstLineEnd = -1;
        if (head(head, first, out)) {
          state = BODY;
        }
        return true;
      }
      lineStart = lf + 1 - start;
      from = lf + 1;
      checkLimits(lineStart);
    }
  }

  private void checkLimits(int headBytes) {
    if (firstLineEnd < 0) {
      if (headBytes > maxLineLength) {
        throw new TooLongHttpLineException("start line longer than " + maxLineLength + " bytes");
      }
    } else if (headBytes - firstLineEnd - 1 > maxHeaderSize) {
      throw new TooLongHttpHeaderException("header section larger than " + maxHeaderSize + " bytes");
    }
  }

  private static boolean isLineBreak(byte b) {
    return b == '\r' || b == '\n';
  }
}
