package io.meridian.core.cluster;

import static java.util.Objects.requireNonNull;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.meridian.core.health.AgentBeat;
import io.meridian.core.health.HealthOverride;
import io.meridian.core.health.Observation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The health state every member shares, in three Hazelcast maps of JSON text: agents'
 * observations (key {@code agent|pool/name|address}), agents' heartbeats (key: agent) and
 * operators' overrides (key: subject). Writes are asynchronous, so an agent's event loop never
 * waits for the cluster; observations and heartbeats expire after {@code forgetAfter}, which is
 * how a dead agent is eventually forgotten.
 */
public final class SharedHealth {

  public static final String OBSERVATIONS = "meridian.health.observations";
  public static final String BEATS = "meridian.health.beats";
  public static final String OVERRIDES = "meridian.health.overrides";
  static final List<String> MAPS = List.of(OBSERVATIONS, BEATS, OVERRIDES, SharedConfig.MAP);

  private final IMap<String, String> observations;
  private final IMap<String, String> beats;
  private final IMap<String, String> overrides;
  private final long forgetMillis;

  public SharedHealth(HazelcastInstance hazelcast, Duration forgetAfter) {
    this.observations = hazelcast.getMap(OBSERVATIONS);
    this.beats = hazelcast.getMap(BEATS);
    this.overrides = hazelcast.getMap(OVERRIDES);
    this.forgetMillis = forgetAfter.toMillis();
  }

  public CompletionStage<Void> publish(Observation observation) {
    return observations.setAsync(
        observation.key(), Json.write(observation), forgetMillis, TimeUnit.MILLISECONDS);
  }

  /** An agent stopped probing an endpoint address (the config no longer names it). */
  public CompletionStage<Boolean> withdraw(String agent, String target) {
    return observations.deleteAsync(agent + "|" + target);
  }

  public CompletionStage<Void> beat(AgentBeat beat) {
    return beats.setAsync(beat.agent(), Json.write(beat), forgetMillis, TimeUnit.MILLISECONDS);
  }

  /** An agent leaving on purpose: its votes go at once instead of going stale. */
  public void leave(String agent) {
    beats.delete(agent);
    observations.removeAll(e -> e.getKey().startsWith(agent + "|"));
  }

  /** Sets an override; one with an expiry also leaves the cluster by itself a minute after it. */
  public void override(HealthOverride override) {
    String json = Json.write(override);
    if (override.expiresAtEpochMillis() == 0) {
      overrides.set(override.subject(), json);
    } else {
      long ttl = Math.max(1, override.expiresAtEpochMillis() - System.currentTimeMillis() + 60_000);
      overrides.set(override.subject(), json, ttl, TimeUnit.MILLISECONDS);
    }
  }

  public void clearOverride(String subject) {
    overrides.delete(requireNonNull(subject, "subject"));
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
        new MapEvents<>(Observation.class, listener::observation, listener::resync), true);
    beats.addEntryListener(
        new MapEvents<>(AgentBeat.class, listener::beat, listener::resync), true);
    overrides.addEntryListener(
        new MapEvents<>(HealthOverride.class, listener::override, listener::resync), true);
    replay(listener);
  }

  /** Feeds {@code listener} every entry the maps hold now. */
  public void replay(Listener listener) {
    observations.forEach((k, v) -> listener.observation(k, Json.read(v, Observation.class)));
    beats.forEach((k, v) -> listener.beat(k, Json.read(v, AgentBeat.class)));
    overrides.forEach((k, v) -> listener.override(k, Json.read(v, HealthOverride.class)));
  }
}
