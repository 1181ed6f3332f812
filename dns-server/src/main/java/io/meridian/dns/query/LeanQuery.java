package io.meridian.dns.query;

import java.util.Arrays;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;
import org.xbill.DNS.WireParseException;

/**
 * The common query, read straight from its bytes: one question of class IN with an uncompressed
 * name, and at most an EDNS0 OPT record (version 0) whose only option we act on is a well-formed
 * Client Subnet. Anything else is not a lean query ({@link #parse} returns null) and takes the
 * full path, which also produces every error reply; so this class never rejects, it only declines.
 */
final class LeanQuery {

  private static final int QR = 0x8000;
  private static final int OPCODE = 0x7800;
  private static final int OPT = 41;
  private static final int ECS = 8;

  final byte[] buffer;
  final int length;
  final int flags;
  /** Offset just past the question (name, type, class). */
  final int questionEnd;
  final int qtype;
  final boolean edns;
  final int udpPayload;
  final boolean dnssecOk;
  /** The Client Subnet option as sent (offset of its family field, and its data length), or -1. */
  final int ecsOffset;
  final int ecsLength;

  private LeanQuery(byte[] buffer, int length, int flags, int questionEnd, int qtype, boolean edns,
      int udpPayload, boolean dnssecOk, int ecsOffset, int ecsLength) {
    this.buffer = buffer;
    this.length = length;
    this.flags = flags;
    this.questionEnd = questionEnd;
    this.qtype = qtype;
    this.edns = edns;
    this.udpPayload = udpPayload;
    this.dnssecOk = dnssecOk;
    this.ecsOffset = ecsOffset;
    this.ecsLength = ecsLength;
  }

  /** @return the lean view of {@code buffer[0..length)}, or null when the full path must answer */
  static LeanQuery parse(byte[] buffer, int length) {
    if (length < 12) {
      return null;
    }
    int flags = u16(buffer, 2);
    if ((flags & (QR | OPCODE)) != 0
        || u16(buffer, 4) != 1 || u16(buffer, 6) != 0 || u16(buffer, 8) != 0) {
      return null;
    }
    int additional = u16(buffer, 10);
    if (additional > 1) {
      return null;
    }
    int pos = 12;
    int nameLength = 0;
    while (true) {
      if (pos >= length) {
        return null;
      }
      int label = buffer[pos] & 0xFF;
      if (label == 0) {
        pos++;
        break;
      }
      if ((label & 0xC0) != 0) {
        return null; // a compression pointer in the question: legal but rare
      }
      nameLength += label + 1;
      pos += label + 1;
    }
    if (nameLength + 1 > 255 || pos + 4 > length || u16(buffer, pos + 2) != 1) {
      return null; // too long, cut short, or not class IN
    }
    int qtype = u16(buffer, pos);
    int questionEnd = pos + 4;
    if (additional == 0) {
      return questionEnd == length
          ? new LeanQuery(buffer, length, flags, questionEnd, qtype, false, 0, false, -1, 0)
          : null;
    }
    pos = questionEnd;
    if (pos + 11 > length || buffer[pos] != 0 || u16(buffer, pos + 1) != OPT
        || buffer[pos + 6] != 0) {
      return null; // not a root OPT, or EDNS version above 0 (BADVERS on the full path)
    }
    int payload = u16(buffer, pos + 3);
    boolean dnssecOk = (buffer[pos + 7] & 0x80) != 0;
    int rdlength = u16(buffer, pos + 9);
    int end = pos + 11 + rdlength;
    if (end != length) {
      return null;
    }
    int ecsOffset = -1;
    int ecsLength = 0;
    for (int option = pos + 11; option < end; ) {
      if (option + 4 > end) {
        return null;
      }
      int code = u16(buffer, option);
      int size = u16(buffer, option + 2);
      if (option + 4 + size > end) {
        return null;
      }
      if (code == ECS) {
        if (ecsOffset >= 0 || !wellFormedEcs(buffer, option + 4, size)) {
          return null;
        }
        ecsOffset = option + 4;
        ecsLength = size;
      }
      option += 4 + size;
    }
    return new LeanQuery(buffer, length, flags, questionEnd, qtype, true, payload, dnssecOk,
        ecsOffset, ecsLength);
  }

  /** RFC 7871 section 6 as dnsjava checks it, plus a zero scope: else the full path says FORMERR. */
  private static boolean wellFormedEcs(byte[] b, int at, int size) {
    if (size < 4) {
      return false;
    }
    int family = u16(b, at);
    int source = b[at + 2] & 0xFF;
    int scope = b[at + 3] & 0xFF;
    int bits = family == 1 ? 32 : family == 2 ? 128 : -1;
    if (bits < 0 || source > bits || scope != 0 || size - 4 != (source + 7) / 8) {
      return false;
    }
    if (source % 8 != 0) {
      int last = b[at + 4 + source / 8] & 0xFF;
      if ((last & (0xFF >>> (source % 8))) != 0) {
        return false; // bits set beyond the source prefix
      }
    }
    return true;
  }

  int id() {
    return u16(buffer, 0);
  }

  Name name() {
    try {
      return new Name(new DNSInput(Arrays.copyOfRange(buffer, 12, questionEnd - 4)));
    } catch (WireParseException e) {
      throw new IllegalStateException("the lean parser accepted a name dnsjava rejects", e);
    }
  }

  boolean hasEcs() {
    return ecsOffset >= 0;
  }

  int ecsFamily() {
    return u16(buffer, ecsOffset);
  }

  int ecsSourcePrefix() {
    return buffer[ecsOffset + 2] & 0xFF;
  }

  /** The ECS address padded to its full length (4 or 16 bytes). */
  byte[] ecsAddress() {
    byte[] address = new byte[ecsFamily() == 1 ? 4 : 16];
    System.arraycopy(buffer, ecsOffset + 4, address, 0, ecsLength - 4);
    return address;
  }

  static int u16(byte[] b, int offset) {
    return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
  }
}
