package io.meridian.agent.schedule;

import static io.meridian.agent.testing.Backend.await;
import static org.awaitility.Awaitility.await;

import io.meridian.agent.probe.Probe;
import io.meridian.agent.probe.ProbeResult;
import io.meridian.core.health.CheckSpec;
import io.meridian.core.health.CheckSpec.Type;
import io.meridian.core.health.RiseFall.State;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How many probes one scheduler sustains: N endpoints at a 1 s interval against local backends, for
 * a 10 s window after the first round. Prints numbers, asserts nothing (timings belong in
 * measurements, not tests). Not part of the normal build; run it with
 *
 * <pre>
 * mvn -o -q -pl health-agent test -Dtest=ProbeCapacityMeasurement -Dmeridian.measure=true
 * </pre>
 *
 * <p>The backends (one Vert.x instance, 16 ports on 127.0.0.1, so ephemeral ports last) share the
 * machine with the agent, so the numbers are a lower bound for a dedicated agent.
 */
@EnabledIfSystemProperty(named = "meridian.measure", matches = "true")
class ProbeCapacityMeasurement {

  static final int PORTS = 16;
  static final int LOOPS = Integer.getInteger("meridian.measure.loops", 1);
  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final Duration WINDOW = Duration.ofSeconds(10);

  /** {@code -Dmeridian.measure.cases=TCP:2000,HTTP:10000} picks cases. */
  static Stream<Arguments> cases() {
    String cases =
        System.getProperty("meridian.measure.cases", "TCP:2000,HTTP:2000,TCP:10000,HTTP:10000");
    return Arrays.stream(cases.split(","))
        .map(c -> c.trim().split(":"))
        .map(c -> Arguments.of(Type.valueOf(c[0]), Integer.parseInt(c[1])));
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("cases")
  void measure(Type type, int endpoints) {
    Vertx backendVertx = Vertx.vertx();
    // as many event loops as shards: the agent's whole cost lands on threads we can clock
    Vertx agentVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS));
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < PORTS; i++) {
        if (type == Type.TCP) {
          NetServer server =
              backendVertx
                  .createNetServer(new NetServerOptions().setAcceptBacklog(4096))
                  .connectHandler(socket -> {});
          ports.add(await(server.listen(0, "127.0.0.1")).actualPort());
        } else {
          HttpServer server =
              backendVertx
                  .createHttpServer(new HttpServerOptions().setAcceptBacklog(4096))
                  .requestHandler(r -> r.response().end("ok"));
          ports.add(await(server.listen(0, "127.0.0.1")).actualPort());
        }
      }
      Set<Target> targets = new HashSet<>();
      InetAddress localhost = InetAddress.getLoopbackAddress();
      for (int i = 0; i < endpoints; i++) {
        CheckSpec spec =
            CheckSpec.builder(type, ports.get(i % PORTS))
                .interval(INTERVAL)
                .timeout(Duration.ofMillis(500))
                .build();
        targets.add(new Target("pool/e" + i, localhost, spec));
      }
      AtomicLong observations = new AtomicLong();
      Set<Long> agentThreads = ConcurrentHashMap.newKeySet();
      AtomicReference<String> lastProblem = new AtomicReference<>("none");
      HealthScheduler.Builder builder =
          HealthScheduler.builder(
                  agentVertx,
                  "agent",
                  "local",
                  o -> {
                    observations.incrementAndGet();
                    if (o.state() != State.UP) {
                      lastProblem.set(o.detail());
                    }
                    agentThreads.add(Thread.currentThread().getId());
                  })
              .random(new SplittableRandom(1))
              .eventLoops(LOOPS);
      if (Boolean.getBoolean("meridian.measure.noop")) {
        // isolates the scheduler's own cost: timers, rise/fall, reports; no network
        builder.probes(
            spec ->
                new Probe() {
                  @Override
                  public Future<ProbeResult> probe(InetAddress address) {
                    return Future.succeededFuture(new ProbeResult(true, Duration.ZERO, "noop"));
                  }

                  @Override
                  public Future<Void> close() {
                    return Future.succeededFuture();
                  }
                });
      }
      HealthScheduler scheduler = builder.build();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      await(scheduler.update(targets));
      pause(INTERVAL.plusMillis(500)); // every target has had its first round
      SchedulerStats before = scheduler.stats();
      long cpuBefore = cpuNanos();
      long loopBefore = agentLoopsCpu(threads, agentThreads);
      long waitBefore = eventLoopRunQueueWaitNanos();
      pause(WINDOW);
      SchedulerStats after = scheduler.stats();
      long cpu = cpuNanos() - cpuBefore;
      long loop = agentLoopsCpu(threads, agentThreads) - loopBefore;
      long waited = eventLoopRunQueueWaitNanos() - waitBefore;
      long probes = after.probes() - before.probes();
      await(scheduler.close());
      double seconds = WINDOW.toNanos() / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%-5s %6d endpoints: %6.0f rounds/s %6.0f probes/s  skipped %d  late(>100ms) %d"
              + "  max lateness %.0f ms  failures %d of %d results  agent loop %.2f cpu s/s"
              + " = %.0f us/probe  process %.2f cpu s/s  all loops waited for a cpu %.2f s/s"
              + "  (last problem: %s)%n",
          type,
          endpoints,
          (after.rounds() - before.rounds()) / seconds,
          probes / seconds,
          after.skipped() - before.skipped(),
          after.late() - before.late(),
          after.maxLatenessMillis(),
          after.failures() - before.failures(),
          after.results() - before.results(),
          loop / 1e9 / seconds,
          loop / 1e3 / Math.max(1, probes),
          cpu / 1e9 / seconds,
          waited / 1e9 / seconds,
          lastProblem.get());
    } finally {
      await(agentVertx.close());
      await(backendVertx.close());
    }
  }

  /** A measurement window, not synchronisation: nothing is waited for but time. */
  static void pause(Duration duration) {
    await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
  }

  /** CPU time of the agent's event loops: the threads its listener was called on. */
  static long agentLoopsCpu(ThreadMXBean threads, Set<Long> agentThreads) {
    return agentThreads.stream().mapToLong(threads::getThreadCpuTime).sum();
  }

  /**
   * Time all Vert.x event-loop threads of this process spent runnable but waiting for a CPU ({@code
   * /proc/self/task/<tid>/schedstat}, second field): how much the machine starved them.
   */
  static long eventLoopRunQueueWaitNanos() {
    long total = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        try {
          if (Files.readString(task.resolve("comm")).startsWith("vert.x-eventlo")) {
            String[] fields = Files.readString(task.resolve("schedstat")).trim().split(" ");
            total += Long.parseLong(fields[1]);
          }
        } catch (IOException | RuntimeException gone) {
          // the thread ended while we looked
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return total;
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
