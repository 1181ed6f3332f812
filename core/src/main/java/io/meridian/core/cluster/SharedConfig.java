package io.meridian.core.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The configuration version the admin API accepted last, shared with every member: DNS servers and
 * agents follow it instead of their file's zones and policies once one is published. One entry,
 * replaced whole; members apply a version only when it is newer than the one they serve.
 */
public final class SharedConfig {

  public static final String MAP = "meridian.config";
  private static final String KEY = "current";

  /** A published version: its number, who made it and when, and the whole YAML document. */
  public record Published(long version, String author, long atEpochMillis, String document) {}

  private final IMap<String, String> map;

  public SharedConfig(HazelcastInstance hazelcast) {
    this.map = hazelcast.getMap(MAP);
  }

  /** Publishes {@code published} and returns once the cluster holds it. */
  public void publish(Published published) {
    map.set(KEY, Json.write(published));
  }

  public Optional<Published> current() {
    String json = map.get(KEY);
    return json == null ? Optional.empty() : Optional.ofNullable(Json.read(json, Published.class));
  }

  /** Calls {@code follower} with every later version, on Hazelcast's event thread. */
  public void follow(Consumer<Published> follower) {
    map.addEntryListener(new MapEvents<>(Published.class, (key, p) -> {
      if (p != null) {
        follower.accept(p);
      }
    }, () -> { }), true);
  }
}
