package io.meridian.balancer.metrics;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Responses over a sliding window of the last {@link #WINDOW_SECONDS} seconds, for {@link
 * LoadReport}: a ring of per-second buckets (the current second and the nine before it, plus one
 * spare that is being recycled), each with a {@link LongAdder} of responses, one of 5xx responses
 * and a {@link LatencyBins} histogram in an {@link AtomicLongArray}.
 *
 * <p>Recording is a few atomic adds, no lock and no allocation. A bucket whose second has passed
 * is cleared by the first recorder of its new second (a compare-and-set on its stamp picks one);
 * a response recorded by another thread during that clearing may be lost or kept, which moves a
 * report by one response at most. Reading sums the buckets of the window, so it costs {@link
 * LatencyBins#COUNT} × 10 reads: fine for a publisher every second, not meant for the request
 * path. Time comes from the injected clocks, so the window math is tested without waiting.
 */
public final class LoadWindow {

  public static final int WINDOW_SECONDS = 10;
  private static final int BUCKETS = WINDOW_SECONDS + 1;
  private static final long SECOND = 1_000_000_000L;

  private static final class Bucket {
    final LongAdder responses = new LongAdder();
    final LongAdder errors = new LongAdder();
    final AtomicLongArray latency = new AtomicLongArray(LatencyBins.COUNT);

    void clear() {
      responses.reset();
      errors.reset();
      for (int i = 0; i < LatencyBins.COUNT; i++) {
        latency.set(i, 0);
      }
    }
  }

  private final Bucket[] buckets = new Bucket[BUCKETS];
  /** The second (since start) each bucket counts now. */
  private final AtomicLongArray stamps = new AtomicLongArray(BUCKETS);
  private final LongSupplier nanoTime;
  private final LongSupplier epochMillis;
  private final long startNanos;

  /**
   * @param nanoTime the monotonic clock the request path measures with
   * @param epochMillis the wall clock the report is dated with
   */
  public LoadWindow(LongSupplier nanoTime, LongSupplier epochMillis) {
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.epochMillis = requireNonNull(epochMillis, "epochMillis");
    this.startNanos = nanoTime.getAsLong();
    for (int i = 0; i < BUCKETS; i++) {
      buckets[i] = new Bucket();
      stamps.set(i, Long.MIN_VALUE);
    }
  }

  /**
   * One response ended.
   *
   * @param latencyNanos request start to response end
   * @param endNanos when it ended, on the {@code nanoTime} clock
   */
  public void record(int status, long latencyNanos, long endNanos) {
    Bucket bucket = current(second(endNanos));
    bucket.responses.increment();
    if (status >= 500 && status <= 599) {
      bucket.errors.increment();
    }
    bucket.latency.incrementAndGet(LatencyBins.index(latencyNanos / 1000));
  }

  private long second(long nanos) {
    return Math.floorDiv(nanos - startNanos, SECOND);
  }

  private Bucket current(long second) {
    int slot = (int) Math.floorMod(second, (long) BUCKETS);
    Bucket bucket = buckets[slot];
    long stamp = stamps.get(slot);
    if (stamp < second && stamps.compareAndSet(slot, stamp, second)) {
      bucket.clear();
    }
    return bucket;
  }

  /** The window now, with {@code activeConnections} from the caller. */
  public LoadReport report(int activeConnections) {
    long now = nanoTime.getAsLong();
    long second = second(now);
    long responses = 0;
    long errors = 0;
    long[] latency = new long[LatencyBins.COUNT];
    for (int i = 0; i < BUCKETS; i++) {
      long stamp = stamps.get(i);
      if (stamp > second - WINDOW_SECONDS && stamp <= second) {
        Bucket b = buckets[i];
        responses += b.responses.sum();
        errors += b.errors.sum();
        for (int bin = 0; bin < LatencyBins.COUNT; bin++) {
          latency[bin] += b.latency.get(bin);
        }
      }
    }
    // the window is the current second so far and the nine whole ones before it, or less of
    // them while the balancer is younger
    long windowStart = Math.max(startNanos, startNanos + (second - WINDOW_SECONDS + 1) * SECOND);
    double seconds = Math.max(1e-3, (now - windowStart) / 1e9);
    return new LoadReport(
        activeConnections,
        responses / seconds,
        percentile(latency, 0.99) / 1000.0,
        responses == 0 ? 0 : (double) errors / responses,
        epochMillis.getAsLong());
  }

  /** Nearest rank: the bin holding the ceil(p × n)-th smallest value, in µs; 0 when empty. */
  static double percentile(long[] bins, double p) {
    long total = 0;
    for (long c : bins) {
      total += c;
    }
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(p * total);
    long seen = 0;
    for (int i = 0; i < bins.length; i++) {
      seen += bins[i];
      if (seen >= rank) {
        return LatencyBins.middle(i);
      }
    }
    return LatencyBins.middle(bins.length - 1);
  }
}
