package io.meridian.core.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.topic.ITopic;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One kind of state every member shares, as entries by key that each have one writer and go away
 * when not refreshed: agents' votes and heartbeats, balancers' loads, DNS servers' addresses. No
 * write waits for another member, and a member that freezes or dies holds up nobody's state:
 *
 * <ul>
 *   <li>a write goes to every member at once as a message on a topic (Hazelcast's event service
 *       queues it on each member's connection and returns); that is what keeps members current;
 *   <li>and, on a background thread that keeps only the latest write per key ({@link
 *       LatestWrites}), into a replicated map, which a member that joins later reads first. A
 *       replicated map's write waits for the partition owner of its key, so a frozen owner would
 *       hold it up until the cluster declares that member dead: hence the topic.
 * </ul>
 *
 * <p>Every write carries a version (its writer's wall clock, strictly increasing per writer) and a
 * removal is a write too, of nothing. A member keeps the highest version it has seen per key,
 * whichever way it came, so a write that reaches the map late never undoes a newer one; an entry
 * whose version is older than {@code ttl} is gone, in every member's view alike, which is how a
 * dead writer's entries leave.
 *
 * <p>A member that joins gets its copy of the map filled in the background and without entry
 * events (Hazelcast's synchronous fill-up can block {@code getReplicatedMap} for minutes, and did
 * so in CI), so a follower {@link #replay}s the map now and then: whoever follows calls it
 * periodically; an entry whose text is the one already taken costs a string comparison.
 */
public final class SharedEntries<T> {

  private static final System.Logger LOG = System.getLogger(SharedEntries.class.getName());

  /** One write, as it travels: value null for a removal. */
  record Versioned(String key, long version, String value) {}

  /** An entry of the view, with the text it came as (a replay skips what it already took). */
  private record Held<T>(long version, T value, String text) {}

  /** Called after an entry of the view changed (null: absent), on the thread that learned it. */
  public interface Changes<T> {
    void changed(String key, T before, T after);
  }

  private final String name;
  private final Class<T> type;
  private final long ttlMillis;
  private final ReplicatedMap<String, String> map;
  private final ITopic<String> topic;
  private final LatestWrites writes;
  private final AtomicLong lastVersion = new AtomicLong();
  private final Map<String, Held<T>> view = new ConcurrentHashMap<>();
  private final List<Changes<T>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean following;

  SharedEntries(HazelcastInstance hazelcast, String name, Class<T> type, long ttlMillis) {
    this.name = name;
    this.type = type;
    this.ttlMillis = ttlMillis;
    this.map = hazelcast.getReplicatedMap(name);
    this.topic = hazelcast.getTopic(name);
    this.writes = new LatestWrites(name);
  }

  public void put(String key, T value) {
    write(key, Json.write(value));
  }

  public void remove(String key) {
    write(key, null);
  }

  private void write(String key, String value) {
    long now = System.currentTimeMillis();
    String message =
        Json.write(new Versioned(key, lastVersion.updateAndGet(v -> Math.max(v + 1, now)), value));
    topic.publish(message);
    writes.submit(key, () -> map.put(key, message, ttlMillis, TimeUnit.MILLISECONDS));
  }

  /** Waits up to {@code millis} for this member's writes to reach the map (before leaving). */
  public boolean flush(long millis) throws InterruptedException {
    return writes.flush(millis);
  }

  /**
   * Keeps a view of every member's entries from now on: what the map holds, then every write as
   * it arrives. Idempotent.
   */
  public synchronized void follow() {
    if (following) {
      return;
    }
    topic.addMessageListener(m -> offer(m.getMessageObject()));
    map.addEntryListener(new MapWrites());
    following = true;
    replay();
  }

  /**
   * Reads the map again: what its background fill-up brought without events, or what a split kept
   * from this member; entries already taken are skipped.
   */
  public void replay() {
    map.forEach((key, text) -> {
      Held<T> held = view.get(key);
      if (held == null || !held.text().equals(text)) {
        offer(text);
      }
    });
  }

  public void listen(Changes<T> listener) {
    listeners.add(listener);
  }

  /** The live entries: the view when following, else what the map holds now. */
  public Map<String, T> now() {
    long oldest = System.currentTimeMillis() - ttlMillis;
    Map<String, T> out = new HashMap<>();
    if (following) {
      view.forEach((key, held) -> {
        if (held.version() < oldest) {
          view.remove(key, held);
        } else if (held.value() != null) {
          out.put(key, held.value());
        }
      });
    } else {
      map.values().forEach(text -> {
        Versioned v = Json.read(text, Versioned.class);
        T value = v == null || v.value() == null || v.version() < oldest ? null : read(v);
        if (value != null) {
          out.put(v.key(), value);
        }
      });
    }
    return out;
  }

  private void offer(String text) {
    Versioned v = Json.read(text, Versioned.class);
    if (v == null || v.key() == null || v.version() < System.currentTimeMillis() - ttlMillis) {
      return;
    }
    T value = v.value() == null ? null : read(v);
    if (value == null && v.value() != null) {
      return;
    }
    Held<T> next = new Held<>(v.version(), value, text);
    Held<T> before = view.get(v.key());
    while (before == null || before.version() < next.version()) {
      boolean won = before == null
          ? view.putIfAbsent(v.key(), next) == null
          : view.replace(v.key(), before, next);
      if (won) {
        T was = before == null ? null : before.value();
        if (was != null || value != null) {
          listeners.forEach(l -> l.changed(v.key(), was, value));
        }
        return;
      }
      before = view.get(v.key());
    }
  }

  private T read(Versioned v) {
    T value = Json.read(v.value(), type);
    if (value == null) {
      LOG.log(System.Logger.Level.DEBUG, () -> "skipping unreadable " + name + " " + v.key());
    }
    return value;
  }

  /** The map's adds and updates: removals and expiries need nothing (see the class comment). */
  private final class MapWrites implements com.hazelcast.core.EntryListener<String, String>,
      com.hazelcast.map.listener.EntryMergedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> e) {
      offer(e.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> e) {
      offer(e.getValue());
    }

    @Override
    public void entryMerged(EntryEvent<String, String> e) {
      offer(e.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> e) {}

    @Override
    public void entryEvicted(EntryEvent<String, String> e) {}

    @Override
    public void entryExpired(EntryEvent<String, String> e) {}

    @Override
    public void mapCleared(com.hazelcast.map.MapEvent e) {}

    @Override
    public void mapEvicted(com.hazelcast.map.MapEvent e) {}
  }
}
