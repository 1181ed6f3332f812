package io.meridian.balancer.testing;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when told to. */
public final class ManualClock implements LongSupplier {

  private volatile long nanos = 1_000_000_000L;

  @Override
  public long getAsLong() {
    return nanos;
  }

  public void advance(Duration by) {
    nanos += by.toNanos();
  }
}
