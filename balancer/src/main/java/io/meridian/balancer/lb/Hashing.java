package io.meridian.balancer.lb;

import java.nio.charset.StandardCharsets;

/**
 * A stable 64-bit hash of text for consistent hashing: FNV-1a over the UTF-8 bytes, then the
 * SplitMix64 finaliser, because plain FNV leaves similar strings ({@code b1#1}, {@code b1#2})
 * close together and a ring needs its points spread evenly. Stable across JVMs and restarts, unlike
 * {@link String#hashCode()} combined with a seed, so two balancers map a key the same way.
 */
public final class Hashing {

  private Hashing() {}

  public static long hash64(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return mix(hash);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
