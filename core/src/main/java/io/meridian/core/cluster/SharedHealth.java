package io.meridian.core.cluster;

import static java.util.Objects.requireNonNull;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.meridian.core.health.AgentBeat;
import io.meridian.core.health.HealthOverride;
import io.meridian.core.health.Observation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The health state every member shares, in three Hazelcast replicated maps of JSON text: agents'
 * observations (key {@code agent|pool/name|address}), agents' heartbeats (key: agent) and
 * operators' overrides (key: subject). Replicated maps, not partitioned ones: every member holds
 * all of it and a write goes to the local copy first and to the others in the background, so no
 * write ever waits for another member, and a member that freezes or dies takes no part of the
 * state with it (with a partitioned map, every agent whose heartbeat key lived on a frozen member
 * looked stale until the member was declared dead). Observations and heartbeats expire after
 * {@code forgetAfter}, which is how a dead agent is eventually forgotten.
 */
public final class SharedHealth {

  public static final String OBSERVATIONS = "meridian.health.observations";
  public static final String BEATS = "meridian.health.beats";
  public static final String OVERRIDES = "meridian.health.overrides";
  /** The replicated maps (their merge policy is set by {@link ClusterMember}). */
  static final List<String> MAPS = List.of(OBSERVATIONS, BEATS, OVERRIDES, DnsServers.MAP);

  private final ReplicatedMap<String, String> observations;
  private final ReplicatedMap<String, String> beats;
  private final ReplicatedMap<String, String> overrides;
  private final long forgetMillis;

  public SharedHealth(HazelcastInstance hazelcast, Duration forgetAfter) {
    this.observations = hazelcast.getReplicatedMap(OBSERVATIONS);
    this.beats = hazelcast.getReplicatedMap(BEATS);
    this.overrides = hazelcast.getReplicatedMap(OVERRIDES);
    this.forgetMillis = forgetAfter.toMillis();
  }

  public CompletionStage<Void> publish(Observation observation) {
    return local(() -> observations.put(
        observation.key(), Json.write(observation), forgetMillis, TimeUnit.MILLISECONDS));
  }

  /** A write to the local replica (replication follows in the background), as a stage. */
  private static CompletionStage<Void> local(Runnable write) {
    try {
      write.run();
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
  }

  /** An agent stopped probing an endpoint address (the config no longer names it). */
  public CompletionStage<Void> withdraw(String agent, String target) {
    return local(() -> observations.remove(agent + "|" + target));
  }

  public CompletionStage<Void> beat(AgentBeat beat) {
    return local(() -> beats.put(beat.agent(), Json.write(beat), forgetMillis, TimeUnit.MILLISECONDS));
  }

  /** An agent leaving on purpose: its votes go at once instead of going stale. */
  public void leave(String agent) {
    beats.remove(agent);
    for (String key : java.util.List.copyOf(observations.keySet())) {
      if (key.startsWith(agent + "|")) {
        observations.remove(key);
      }
    }
  }

  /** Sets an override; one with an expiry also leaves the cluster by itself a minute after it. */
  public void override(HealthOverride override) {
    String json = Json.write(override);
    if (override.expiresAtEpochMillis() == 0) {
      overrides.put(override.subject(), json);
    } else {
      long ttl = Math.max(1, override.expiresAtEpochMillis() - System.currentTimeMillis() + 60_000);
      overrides.put(override.subject(), json, ttl, TimeUnit.MILLISECONDS);
    }
  }

  public void clearOverride(String subject) {
    overrides.remove(requireNonNull(subject, "subject"));
  }

  /** The overrides the cluster holds now, by subject. */
  public java.util.Map<String, HealthOverride> overrides() {
    java.util.Map<String, HealthOverride> out = new java.util.TreeMap<>();
    overrides.forEach((k, v) -> {
      HealthOverride o = Json.read(v, HealthOverride.class);
      if (o != null) {
        out.put(k, o);
      }
    });
    return out;
  }

  /** The agents' heartbeats the cluster holds now, by agent. */
  public java.util.Map<String, AgentBeat> beats() {
    java.util.Map<String, AgentBeat> out = new java.util.TreeMap<>();
    beats.forEach((k, v) -> {
      AgentBeat b = Json.read(v, AgentBeat.class);
      if (b != null) {
        out.put(k, b);
      }
    });
    return out;
  }

  /** What a member needs to keep a local copy: one callback per kind, on Hazelcast's threads. */
  public interface Listener {
    void observation(String key, Observation value); // value null: removed

    void beat(String agent, AgentBeat value);

    void override(String subject, HealthOverride value);

    /** The local copy may have missed changes (a map was cleared): read everything again. */
    void resync();
  }

  /** Registers {@code listener} for every change, then replays what the maps hold now. */
  public void listen(Listener listener) {
    observations.addEntryListener(
        new MapEvents<>(Observation.class, listener::observation, listener::resync));
    beats.addEntryListener(new MapEvents<>(AgentBeat.class, listener::beat, listener::resync));
    overrides.addEntryListener(
        new MapEvents<>(HealthOverride.class, listener::override, listener::resync));
    replay(listener);
  }

  /** Feeds {@code listener} every entry the maps hold now. */
  public void replay(Listener listener) {
    observations.forEach((k, v) -> listener.observation(k, Json.read(v, Observation.class)));
    beats.forEach((k, v) -> listener.beat(k, Json.read(v, AgentBeat.class)));
    overrides.forEach((k, v) -> listener.override(k, Json.read(v, HealthOverride.class)));
  }
}
