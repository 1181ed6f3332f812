package io.meridian.dns.io;

import io.vertx.core.buffer.Buffer;

/**
 * Cuts a TCP byte stream into DNS messages, each prefixed by its length as two bytes, big-endian
 * (RFC 1035 section 4.2.2, RFC 7766 section 8). Chunks may split a message (or its length) anywhere
 * and may hold many messages; every complete message is passed on in order.
 *
 * <p>A message that arrives whole within one chunk, the usual case, is copied into a scratch buffer
 * shared by all connections of one event loop, so it costs no allocation; only a message that
 * straddles chunks gets a buffer of its own while it is assembled. Not thread-safe: one decoder per
 * connection, used on that connection's event loop.
 */
final class TcpFrameDecoder {

  /** Receives decoded messages. */
  @FunctionalInterface
  interface FrameSink {
    /**
     * Takes the {@code length} first bytes of {@code buffer} (possibly zero), which are valid only
     * during the call.
     *
     * @return false to stop decoding; the rest of the stream is ignored
     */
    boolean frame(byte[] buffer, int length);
  }

  private static final int LENGTH_BYTES = 2;

  private final byte[] scratch;
  private final FrameSink sink;

  private boolean stopped;

  /** Length bytes read so far of the next message: 0, 1 or 2. */
  private int lengthBytesRead;

  /** The length of the next message, complete once {@code lengthBytesRead == 2}. */
  private int frameLength;

  /** The message being assembled across chunks, or null. */
  private byte[] partial;

  private int partialFilled;

  /**
   * @param scratch at least 65535 bytes, used only within {@link #feed}, so it can be shared by
   *     decoders that are never fed concurrently (those of one event loop)
   */
  TcpFrameDecoder(byte[] scratch, FrameSink sink) {
    if (scratch.length < 0xFFFF) {
      throw new IllegalArgumentException("scratch must hold 65535 bytes, has " + scratch.length);
    }
    this.scratch = scratch;
    this.sink = sink;
  }

  /** Decodes {@code chunk}, passing every message it completes to the sink. */
  void feed(Buffer chunk) {
    int pos = 0;
    int end = chunk.length();
    while (!stopped && pos < end) {
      if (lengthBytesRead < LENGTH_BYTES) {
        frameLength = (frameLength << 8) | chunk.getUnsignedByte(pos++);
        lengthBytesRead++;
        if (lengthBytesRead < LENGTH_BYTES) {
          continue;
        }
        if (end - pos >= frameLength) { // the whole message is in this chunk
          chunk.getBytes(pos, pos + frameLength, scratch, 0);
          pos += frameLength;
          deliver(scratch);
        } else {
          partial = new byte[frameLength];
        }
      } else {
        int n = Math.min(frameLength - partialFilled, end - pos);
        chunk.getBytes(pos, pos + n, partial, partialFilled);
        pos += n;
        partialFilled += n;
        if (partialFilled == frameLength) {
          deliver(partial);
        }
      }
    }
  }

  private void deliver(byte[] buffer) {
    int length = frameLength;
    lengthBytesRead = 0;
    frameLength = 0;
    partial = null;
    partialFilled = 0;
    stopped = !sink.frame(buffer, length);
  }
}
