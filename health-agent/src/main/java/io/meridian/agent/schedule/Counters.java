package io.meridian.agent.schedule;

import java.util.concurrent.atomic.AtomicLong;

/** The counters behind {@link SchedulerStats}, shared by all shards of one scheduler. */
final class Counters {
  final AtomicLong rounds = new AtomicLong();
  final AtomicLong started = new AtomicLong();
  final AtomicLong skipped = new AtomicLong();
  final AtomicLong late = new AtomicLong();
  final AtomicLong maxLatenessNanos = new AtomicLong();
  final AtomicLong results = new AtomicLong();
  final AtomicLong failures = new AtomicLong();
  final AtomicLong setAside = new AtomicLong();

  SchedulerStats snapshot(int targets) {
    return new SchedulerStats(
        targets,
        rounds.get(),
        started.get(),
        skipped.get(),
        late.get(),
        maxLatenessNanos.get() / 1e6,
        results.get(),
        failures.get(),
        setAside.get());
  }
}
