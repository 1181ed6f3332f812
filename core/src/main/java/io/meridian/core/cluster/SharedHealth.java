package io.meridian.core.cluster;

import static java.util.Objects.requireNonNull;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.meridian.core.health.AgentBeat;
import io.meridian.core.health.HealthOverride;
import io.meridian.core.health.Observation;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The health state every member shares: agents' observations (key {@code agent|pool/name|address})
 * and heartbeats (key: agent) as {@link SharedEntries}, so that no agent's vote waits for another
 * member and a frozen member delays nobody's (with maps alone, every agent whose key lived on a
 * frozen member's partitions looked stale until that member was declared dead), and operators'
 * overrides (key: subject) in a replicated map of JSON text, written by people and rarely.
 * Observations and heartbeats go after {@code forgetAfter} without a refresh, which is how a dead
 * agent is eventually forgotten.
 */
public final class SharedHealth {

  public static final String OBSERVATIONS = "meridian.health.observations";
  public static final String BEATS = "meridian.health.beats";
  public static final String OVERRIDES = "meridian.health.overrides";

  /** How long {@link #leave} waits for its removals to reach the maps. */
  private static final long LEAVE_MILLIS = 2_000;

  private final SharedEntries<Observation> observations;
  private final SharedEntries<AgentBeat> beats;
  private final ReplicatedMap<String, String> overrides;

  public SharedHealth(HazelcastInstance hazelcast, Duration forgetAfter) {
    this.observations =
        new SharedEntries<>(hazelcast, OBSERVATIONS, Observation.class, forgetAfter.toMillis());
    this.beats = new SharedEntries<>(hazelcast, BEATS, AgentBeat.class, forgetAfter.toMillis());
    this.overrides = hazelcast.getReplicatedMap(OVERRIDES);
  }

  public void publish(Observation observation) {
    observations.put(observation.key(), observation);
  }

  /** An agent stopped probing an endpoint address (the config no longer names it). */
  public void withdraw(String agent, String target) {
    observations.remove(agent + "|" + target);
  }

  public void beat(AgentBeat beat) {
    beats.put(beat.agent(), beat);
  }

  /**
   * An agent leaving on purpose: its heartbeat and its votes on {@code targets} ({@code
   * pool/name|address}) go at once instead of going stale.
   */
  public void leave(String agent, java.util.Collection<String> targets) throws InterruptedException {
    beats.remove(agent);
    targets.forEach(t -> withdraw(agent, t));
    long until = System.currentTimeMillis() + LEAVE_MILLIS;
    beats.flush(LEAVE_MILLIS);
    observations.flush(Math.max(0, until - System.currentTimeMillis()));
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

  /** The agents' heartbeats, by agent (this member's view once it {@link #listen}s). */
  public java.util.Map<String, AgentBeat> beats() {
    return beats.now();
  }

  /** The agents' observations, by key (this member's view once it {@link #listen}s). */
  public java.util.Map<String, Observation> observations() {
    return observations.now();
  }

  /**
   * What a member needs to follow changes: one callback per kind, on Hazelcast's threads or the
   * one that {@link #replay}s.
   */
  public interface Listener {
    void observation(String key, Observation value); // value null: removed

    /** An agent's heartbeat: {@code before} null when it was unknown, {@code after} when gone. */
    void beat(String agent, AgentBeat before, AgentBeat after);

    /** The overrides changed ({@link #overrides} has them). */
    void overridesChanged();
  }

  /** Keeps this member's view of observations and heartbeats and reports every change. */
  public void listen(Listener listener) {
    observations.listen((key, before, after) -> listener.observation(key, after));
    beats.listen(listener::beat);
    observations.follow();
    beats.follow();
    overrides.addEntryListener(new MapEvents<>(HealthOverride.class,
        (subject, value) -> listener.overridesChanged(), listener::overridesChanged));
  }

  /**
   * Reads the observations and heartbeats again (see {@link SharedEntries#replay}); the overrides
   * need none, {@link #overrides} reads them.
   */
  public void replay() {
    observations.replay();
    beats.replay();
  }
}
