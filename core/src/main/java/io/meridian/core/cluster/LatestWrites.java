package io.meridian.core.cluster;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs writes one at a time off their callers' threads, keeping only the latest one per key while
 * they wait: a write that blocks (a replicated map's partition owner frozen) holds up the writes
 * behind it, never its caller, and what waits stays one write per key however long it blocks.
 * While there is something to write, one thread of a pool shared by every instance drains it; an
 * idle instance holds no thread.
 */
final class LatestWrites {

  private static final System.Logger LOG = System.getLogger(LatestWrites.class.getName());

  private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "cluster-writes");
    t.setDaemon(true);
    return t;
  });

  private final String name;
  private final Map<String, Runnable> pending = new LinkedHashMap<>();
  /** A pool thread is draining this instance (and runs or will run everything pending). */
  private boolean draining;

  LatestWrites(String name) {
    this.name = name;
  }

  synchronized void submit(String key, Runnable write) {
    pending.remove(key);
    pending.put(key, write);
    if (!draining) {
      draining = true;
      THREADS.execute(this::drain);
    }
  }

  /** Waits until every write submitted so far has run, at most {@code millis}. */
  synchronized boolean flush(long millis) throws InterruptedException {
    long until = System.currentTimeMillis() + millis;
    while (draining) {
      long left = until - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        if (pending.isEmpty()) {
          draining = false;
          notifyAll();
          return;
        }
        Iterator<Runnable> first = pending.values().iterator();
        next = first.next();
        first.remove();
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, () -> name + ": write failed: " + e);
      }
    }
  }
}
