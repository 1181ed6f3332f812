package io.meridian.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link Current} publishes whole values. */
class CurrentTest {

  @Test
  void publishReplacesTheValue() throws Exception {
    Snapshot first = Fixtures.compile(Fixtures.BASE);
    Current<Snapshot> current = new Current<>(first);
    assertSame(first, current.get());
    Snapshot second =
        new SnapshotCompiler(Fixtures.CLOCK).compile(Fixtures.read(Fixtures.BASE), first);
    current.publish(second);
    assertSame(second, current.get());
    assertEquals(2, current.get().version());
  }

  @Test
  void rejectsNull() {
    assertThrows(NullPointerException.class, () -> new Current<>(null));
    Current<String> current = new Current<>("a");
    assertThrows(NullPointerException.class, () -> current.publish(null));
    assertEquals("a", current.get());
  }

  @Test
  void readersOnOtherThreadsSeePublishedValues() throws Exception {
    Current<Long> current = new Current<>(0L);
    AtomicBoolean backwards = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> reader =
          pool.submit(
              () -> {
                long last = 0;
                while (last < 100_000) {
                  long now = current.get();
                  if (now < last) {
                    backwards.set(true);
                  }
                  last = now;
                }
              });
      for (long i = 1; i <= 100_000; i++) {
        current.publish(i);
      }
      reader.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertTrue(!backwards.get(), "a reader saw an older value after a newer one");
  }
}
