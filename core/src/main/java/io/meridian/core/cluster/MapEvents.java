package io.meridian.core.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryMergedListener;
import java.util.function.BiConsumer;

/**
 * Turns the events of a map of JSON text into typed values: an added, updated or merged entry
 * gives its value, a removed, evicted or expired one gives null, and a cleared map asks for a
 * resync. A value that cannot be read is skipped. Serves partitioned and replicated maps.
 */
final class MapEvents<T>
    implements com.hazelcast.core.EntryListener<String, String>,
        EntryMergedListener<String, String> {

  private final Class<T> type;
  private final BiConsumer<String, T> sink;
  private final Runnable resync;

  MapEvents(Class<T> type, BiConsumer<String, T> sink, Runnable resync) {
    this.type = type;
    this.sink = sink;
    this.resync = resync;
  }

  private void changed(EntryEvent<String, String> e) {
    T value = e.getValue() == null ? null : Json.read(e.getValue(), type);
    if (value != null || e.getValue() == null) {
      sink.accept(e.getKey(), value);
    }
  }

  private void gone(EntryEvent<String, String> e) {
    sink.accept(e.getKey(), null);
  }

  @Override
  public void entryAdded(EntryEvent<String, String> e) {
    changed(e);
  }

  @Override
  public void entryUpdated(EntryEvent<String, String> e) {
    changed(e);
  }

  @Override
  public void entryMerged(EntryEvent<String, String> e) {
    changed(e);
  }

  @Override
  public void entryRemoved(EntryEvent<String, String> e) {
    gone(e);
  }

  @Override
  public void entryEvicted(EntryEvent<String, String> e) {
    gone(e);
  }

  @Override
  public void entryExpired(EntryEvent<String, String> e) {
    gone(e);
  }

  @Override
  public void mapCleared(MapEvent event) {
    resync.run();
  }

  @Override
  public void mapEvicted(MapEvent event) {
    resync.run();
  }
}
