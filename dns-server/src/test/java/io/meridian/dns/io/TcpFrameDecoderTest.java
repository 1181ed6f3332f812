package io.meridian.dns.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpFrameDecoderTest {

  private final List<String> frames = new ArrayList<>();
  private final TcpFrameDecoder decoder =
      new TcpFrameDecoder(
          new byte[0xFFFF],
          (buffer, length) -> frames.add(Arrays.toString(Arrays.copyOf(buffer, length))));

  private static byte[] stream(byte[]... messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] message : messages) {
      out.writeBytes(DnsMessages.framed(message));
    }
    return out.toByteArray();
  }

  private static List<String> expected(byte[]... messages) {
    return Arrays.stream(messages).map(Arrays::toString).toList();
  }

  @Test
  void decodesSeveralMessagesInOneChunk() {
    byte[] a = DnsMessages.query(1);
    byte[] b = DnsMessages.query(2);
    decoder.feed(Buffer.buffer(stream(a, b)));
    assertEquals(expected(a, b), frames);
  }

  @Test
  void reassemblesAMessageSplitAtEveryPossiblePoint() {
    byte[] a = DnsMessages.query(1);
    byte[] b = DnsMessages.query(2);
    byte[] bytes = stream(a, b);
    for (int split = 1; split < bytes.length; split++) {
      frames.clear();
      TcpFrameDecoder fresh =
          new TcpFrameDecoder(
              new byte[0xFFFF],
              (buffer, length) -> frames.add(Arrays.toString(Arrays.copyOf(buffer, length))));
      fresh.feed(Buffer.buffer(Arrays.copyOfRange(bytes, 0, split)));
      fresh.feed(Buffer.buffer(Arrays.copyOfRange(bytes, split, bytes.length)));
      assertEquals(expected(a, b), frames, "split at " + split);
    }
  }

  @Test
  void reassemblesOneByteAtATime() {
    byte[] large = new byte[0xFFFF];
    Arrays.fill(large, (byte) 7);
    for (byte b : stream(large, DnsMessages.query(3))) {
      decoder.feed(Buffer.buffer(new byte[] {b}));
    }
    assertEquals(expected(large, DnsMessages.query(3)), frames);
  }

  @Test
  void passesZeroLengthMessagesOn() {
    decoder.feed(Buffer.buffer(stream(new byte[0], DnsMessages.query(4))));
    assertEquals(expected(new byte[0], DnsMessages.query(4)), frames);
  }

  @Test
  void stopsWhenTheSinkSaysSo() {
    List<Integer> lengths = new ArrayList<>();
    TcpFrameDecoder stopping =
        new TcpFrameDecoder(
            new byte[0xFFFF],
            (buffer, length) -> {
              lengths.add(length);
              return false;
            });
    stopping.feed(Buffer.buffer(stream(DnsMessages.query(1), DnsMessages.query(2))));
    stopping.feed(Buffer.buffer(stream(DnsMessages.query(3))));
    assertEquals(List.of(19), lengths);
  }

  @Test
  void rejectsAScratchBufferTooSmallForTheLargestMessage() {
    assertThrows(
        IllegalArgumentException.class, () -> new TcpFrameDecoder(new byte[512], (b, l) -> true));
  }
}
