package io.meridian.core.cluster;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs writes one at a time on a thread of their own, keeping only the latest one per key while
 * they wait: a write that blocks (a replicated map's partition owner frozen) holds up the writes
 * behind it, never its caller, and what waits stays one write per key however long it blocks.
 */
final class LatestWrites {

  private static final System.Logger LOG = System.getLogger(LatestWrites.class.getName());

  private final String name;
  private final Map<String, Runnable> pending = new LinkedHashMap<>();
  private Thread thread;
  private boolean running;

  LatestWrites(String name) {
    this.name = name;
  }

  synchronized void submit(String key, Runnable write) {
    pending.remove(key);
    pending.put(key, write);
    if (thread == null) {
      thread = new Thread(this::drain, "writes-" + name);
      thread.setDaemon(true);
      thread.start();
    }
    notifyAll();
  }

  /** Waits until every write submitted so far has run, at most {@code millis}. */
  synchronized boolean flush(long millis) throws InterruptedException {
    long until = System.currentTimeMillis() + millis;
    while (!pending.isEmpty() || running) {
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
        running = false;
        notifyAll();
        while (pending.isEmpty()) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        Iterator<Runnable> first = pending.values().iterator();
        next = first.next();
        first.remove();
        running = true;
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, () -> name + ": write failed: " + e);
      }
    }
  }
}
