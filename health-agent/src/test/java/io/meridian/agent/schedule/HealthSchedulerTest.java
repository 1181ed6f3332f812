package io.meridian.agent.schedule;

import io.meridian.core.health.Observation;
import static io.meridian.agent.testing.Backend.await;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.agent.testing.Backend;
import io.meridian.agent.testing.Backend.Mode;
import io.meridian.agent.testing.CountingProbes;
import io.meridian.core.health.CheckSpec;
import io.meridian.core.health.CheckSpec.Type;
import io.meridian.core.health.RiseFall.State;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler against real backends on short intervals (100 ms): rise and fall, flapping held
 * back, jitter, removal, no overlapping probes, start-up grace and throttled reports.
 */
class HealthSchedulerTest {

  static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();
  static final Duration INTERVAL = Duration.ofMillis(100);
  static final Duration WAIT = Duration.ofSeconds(20);

  Vertx vertx;
  List<Backend> backends = new ArrayList<>();
  HealthScheduler scheduler;
  final List<Observation> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    if (scheduler != null) {
      await(scheduler.close());
    }
    backends.forEach(Backend::close);
    await(vertx.close());
  }

  Backend backend() {
    Backend backend = Backend.http(vertx);
    backends.add(backend);
    return backend;
  }

  CheckSpec.Builder check(Backend backend) {
    return CheckSpec.builder(Type.HTTP, backend.port()).interval(INTERVAL).timeout(INTERVAL);
  }

  HealthScheduler.Builder scheduler() {
    return HealthScheduler.builder(vertx, "agent-1", "eu-west", seen::add)
        .reportEvery(Duration.ZERO)
        .random(new SplittableRandom(42));
  }

  State lastState() {
    return seen.isEmpty() ? null : seen.get(seen.size() - 1).state();
  }

  @Test
  void goesDownAfterFallFailuresAndUpAfterRiseSuccesses() {
    Backend backend = backend();
    Target target = new Target("web/a", LOCALHOST, check(backend).rise(2).fall(3).build());
    scheduler = scheduler().build();
    await(scheduler.update(Set.of(target)));

    await().atMost(WAIT).until(() -> lastState() == State.UP);
    // whatever came before (a cold first probe may time out), rise passes in a row brought it up
    assertEquals(List.of(State.UNKNOWN, State.UP), states(runUntil(seen, 0, State.UP)));

    int mark = seen.size();
    backend.mode(Mode.ERROR);
    await().atMost(WAIT).until(() -> lastState() == State.DOWN);
    List<Observation> falling = runUntil(seen, mark, State.DOWN);
    assertEquals(List.of(State.UP, State.UP, State.DOWN), states(falling), falling.toString());
    assertTrue(Double.isNaN(falling.get(2).rttMillis()), "RTT is forgotten when down");

    int mark2 = seen.size();
    backend.mode(Mode.OK);
    await().atMost(WAIT).until(() -> lastState() == State.UP);
    List<Observation> rising = runUntil(seen, mark2, State.UP);
    assertEquals(List.of(State.DOWN, State.UP), states(rising), rising.toString());
  }

  @Test
  void aFlappingBackendIsHeldBack() {
    Backend backend = backend();
    // 200 ms: a timeout on a busy machine would be a second failure in a row and a real change
    Duration slower = Duration.ofMillis(200);
    CheckSpec spec = check(backend).interval(slower).timeout(slower).rise(2).fall(2).build();
    scheduler = scheduler().build();
    await(scheduler.update(Set.of(new Target("web/a", LOCALHOST, spec))));
    await().atMost(WAIT).until(() -> lastState() == State.UP);

    int mark = seen.size();
    backend.mode(Mode.FLAP);
    await().atMost(WAIT).until(() -> seen.size() >= mark + 12);
    List<Observation> flapping = List.copyOf(seen.subList(mark, seen.size()));
    Set<String> details = flapping.stream().map(Observation::detail).collect(Collectors.toSet());
    assertEquals(Set.of("HTTP 200", "HTTP 500, expected 200-399"), details);
    assertEquals(Set.of(State.UP), Set.copyOf(states(flapping)), flapping.toString());
  }

  @Test
  void jitterSpreadsFirstProbesOverTheInterval() {
    Backend backend = backend();
    CheckSpec spec =
        check(backend).interval(Duration.ofSeconds(1)).timeout(Duration.ofMillis(500)).build();
    Set<Target> targets = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      targets.add(new Target("web/e" + i, LOCALHOST, spec));
    }
    Map<String, Long> first = new ConcurrentHashMap<>();
    scheduler =
        HealthScheduler.builder(
                vertx,
                "agent-1",
                "eu-west",
                o -> first.putIfAbsent(o.endpoint(), System.nanoTime()))
            .random(new SplittableRandom(42))
            .build();
    await(scheduler.update(targets));
    await().atMost(WAIT).until(() -> first.size() == 20);
    long spread =
        first.values().stream().mapToLong(Long::longValue).max().getAsLong()
            - first.values().stream().mapToLong(Long::longValue).min().getAsLong();
    // 20 uniform offsets in 1 s span ~900 ms on average; aligned probes would span a few ms
    assertTrue(spread > Duration.ofMillis(400).toNanos(), "spread " + spread / 1_000_000 + " ms");
  }

  @Test
  void removedTargetsAreNoLongerProbed() {
    Backend kept = backend();
    Backend removed = backend();
    Target a = new Target("web/a", LOCALHOST, check(kept).build());
    Target b = new Target("web/b", LOCALHOST, check(removed).build());
    CountingProbes probes = new CountingProbes(vertx);
    scheduler = scheduler().probes(probes).build();
    await(scheduler.update(Set.of(a, b)));
    await().atMost(WAIT).until(() -> kept.requests() >= 2 && removed.requests() >= 2);
    assertEquals(2, probes.created());

    await(scheduler.update(Set.of(a)));
    int before = removed.requests();
    int keptBefore = kept.requests();
    await().atMost(WAIT).until(() -> kept.requests() >= keptBefore + 5);
    // a request already on the wire when the update landed may still arrive, nothing after it
    assertTrue(removed.requests() <= before + 1, removed.requests() + " > " + before + " + 1");
    assertEquals(1, probes.closed(), "the removed check type's probe is closed");
    assertEquals(1, scheduler.stats().targets());
  }

  @Test
  void aHungBackendNeverHasTwoProbesInFlight() {
    Backend backend = backend().mode(Mode.HANG);
    Target target = new Target("web/a", LOCALHOST, check(backend).rise(1).fall(2).build());
    CountingProbes probes = new CountingProbes(vertx);
    scheduler = scheduler().probes(probes).build();
    await(scheduler.update(Set.of(target)));

    // the timeout equals the interval, so a round shortened by jitter finds the probe running
    await().atMost(WAIT).until(() -> scheduler.stats().skipped() >= 3 && lastState() == State.DOWN);
    assertEquals(1, probes.maxInFlight());
    assertEquals("timeout after 100 ms", seen.get(seen.size() - 1).detail());
    await(scheduler.close());
    SchedulerStats stats = scheduler.stats();
    assertEquals(stats.rounds(), stats.probes() + stats.skipped());
  }

  @Test
  void failuresDuringStartGraceDoNotCount() {
    Backend backend = backend().mode(Mode.ERROR);
    AtomicLong clock = new AtomicLong();
    Target target =
        new Target(
            "web/a",
            LOCALHOST,
            check(backend).rise(1).fall(1).startGrace(Duration.ofSeconds(1)).build());
    scheduler = scheduler().nanoTime(clock::get).build();
    await(scheduler.update(Set.of(target)));

    await().atMost(WAIT).until(() -> seen.size() >= 3);
    assertEquals(Set.of(State.UNKNOWN), Set.copyOf(states(seen)));

    clock.set(Duration.ofSeconds(1).toNanos());
    await().atMost(WAIT).until(() -> lastState() == State.DOWN);
  }

  @Test
  void reportsChangesAndOtherwiseAtMostEveryReportInterval() {
    Backend backend = backend();
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    Target target = new Target("web/a", LOCALHOST, check(backend).rise(2).fall(3).build());
    scheduler =
        scheduler()
            .reportEvery(Duration.ofHours(1))
            .clock(Clock.fixed(now, ZoneOffset.UTC))
            .build();
    await(scheduler.update(Set.of(target)));
    await().atMost(WAIT).until(() -> backend.requests() >= 6);
    assertEquals(List.of(State.UNKNOWN, State.UP), states(seen));

    Observation up = seen.get(1);
    assertEquals("agent-1", up.agent());
    assertEquals("eu-west", up.region());
    assertEquals("web/a", up.endpoint());
    assertEquals(LOCALHOST, up.address());
    assertEquals(now.toEpochMilli(), up.observedAtEpochMillis());
    assertEquals("HTTP 200", up.detail());
    assertTrue(up.rttMillis() > 0 && up.rttMillis() < WAIT.toMillis(), "rtt " + up.rttMillis());

    backend.mode(Mode.ERROR);
    await().atMost(WAIT).until(() -> lastState() == State.DOWN);
    assertEquals(List.of(State.UNKNOWN, State.UP, State.DOWN), states(seen));
  }

  @Test
  void tcpTargetsAndProbesSharedPerCheckType() throws Exception {
    Backend backend = backend();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, LOCALHOST)) {
      closedPort = socket.getLocalPort();
    }
    CheckSpec open =
        CheckSpec.builder(Type.TCP, backend.port()).interval(INTERVAL).rise(1).fall(1).build();
    CheckSpec closed =
        CheckSpec.builder(Type.TCP, closedPort).interval(INTERVAL).rise(1).fall(1).build();
    CountingProbes probes = new CountingProbes(vertx);
    scheduler = scheduler().probes(probes).build();
    await(
        scheduler.update(
            Set.of(
                new Target("tcp/a", LOCALHOST, open),
                new Target("tcp/b", LOCALHOST, open),
                new Target("tcp/c", LOCALHOST, closed))));
    await()
        .atMost(WAIT)
        .until(
            () ->
                stateOf("tcp/a") == State.UP
                    && stateOf("tcp/b") == State.UP
                    && stateOf("tcp/c") == State.DOWN);
    assertEquals(2, probes.created(), "one probe per check type");

    await(scheduler.update(Set.of()));
    assertEquals(2, probes.closed());
    assertEquals(0, scheduler.stats().targets());
  }

  @Test
  void targetsSpreadOverSeveralEventLoops() {
    Backend backend = backend();
    CheckSpec spec = CheckSpec.builder(Type.TCP, backend.port()).interval(INTERVAL).rise(1).build();
    Set<Target> targets = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      targets.add(new Target("tcp/e" + i, LOCALHOST, spec));
    }
    Map<String, String> threads = new ConcurrentHashMap<>();
    scheduler =
        HealthScheduler.builder(
                vertx,
                "agent-1",
                "eu-west",
                o -> threads.putIfAbsent(o.endpoint(), Thread.currentThread().getName()))
            .eventLoops(3)
            .build();
    await(scheduler.update(targets));
    await().atMost(WAIT).until(() -> threads.size() == 12);
    assertTrue(Set.copyOf(threads.values()).size() > 1, threads.toString());
    assertEquals(12, scheduler.stats().targets());
    await(scheduler.update(Set.of()));
    assertEquals(0, scheduler.stats().targets());
  }

  State stateOf(String endpoint) {
    State state = null;
    for (Observation observation : seen) {
      if (observation.endpoint().equals(endpoint)) {
        state = observation.state();
      }
    }
    return state;
  }

  static List<State> states(List<Observation> observations) {
    return observations.stream().map(Observation::state).toList();
  }

  /**
   * The observations from {@code from} up to the first in {@code state}, keeping only the last run
   * of results that all passed or all failed: the run that caused the change.
   */
  static List<Observation> runUntil(List<Observation> observations, int from, State state) {
    List<Observation> list = List.copyOf(observations);
    int end = from;
    while (list.get(end).state() != state) {
      end++;
    }
    boolean passed = passed(list.get(end));
    int start = end;
    while (start > from && passed(list.get(start - 1)) == passed) {
      start--;
    }
    return list.subList(start, end + 1);
  }

  static boolean passed(Observation observation) {
    return observation.detail().equals("HTTP 200");
  }

  @Test
  void failuresOfAnOverloadedAgentAreSetAsideButNeverFallTimesInARow() {
    Vertx backendVertx = Vertx.vertx(); // not blocked with the agent's event loop
    Backend backend = Backend.http(backendVertx).mode(Mode.HANG);
    Vertx agentVertx = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1));
    try {
      Duration interval = Duration.ofMillis(200);
      CheckSpec spec =
          CheckSpec.builder(Type.HTTP, backend.port())
              .interval(interval)
              .timeout(Duration.ofMillis(100))
              .rise(1)
              .fall(2)
              .build();
      scheduler =
          HealthScheduler.builder(agentVertx, "agent-1", "eu-west", seen::add)
              .reportEvery(Duration.ZERO)
              .random(new SplittableRandom(42))
              .build();
      await(scheduler.update(Set.of(new Target("web/a", LOCALHOST, spec))));
      // the agent's only event loop spends 150 ms of every 200 busy elsewhere: its timeouts fire
      // late and its rounds start late, as in an agent with more targets than it can probe
      long hog =
          agentVertx.setPeriodic(
              200,
              id -> {
                long until = System.nanoTime() + 150_000_000;
                while (System.nanoTime() < until) {
                  Thread.onSpinWait();
                }
              });
      await().atMost(WAIT).until(() -> lastState() == State.DOWN);
      agentVertx.cancelTimer(hog);
      SchedulerStats stats = scheduler.stats();
      assertTrue(stats.setAside() >= 1, stats.toString());
      // set aside at most fall (2) in a row: every third failure at the latest is recorded
      assertTrue(stats.failures() >= (stats.failures() + stats.setAside()) / 3, stats.toString());
    } finally {
      await(scheduler.close());
      scheduler = null;
      await(agentVertx.close());
      backend.close();
      await(backendVertx.close());
    }
  }
}
