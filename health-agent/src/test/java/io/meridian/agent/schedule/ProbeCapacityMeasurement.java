package io.meridian.agent.schedule;

import static io.meridian.agent.testing.Backend.await;
import static org.awaitility.Awaitility.await;

import io.meridian.agent.probe.Probe;
import io.meridian.agent.probe.ProbeResult;
import io.meridian.core.health.CheckSpec;
import io.meridian.core.health.CheckSpec.Type;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How many probes one scheduler sustains: N endpoints at a 1 s interval against healthy backends
 * in another process, for a window after a warm-up. Prints numbers, asserts nothing (timings
 * belong in measurements, not tests). Not part of the normal build; {@code
 * bench/health/failover.sh} runs it as
 *
 * <pre>
 * mvn -o -q -pl health-agent test -Dtest=ProbeCapacityMeasurement -Dmeridian.measure=true \
 *     -Dmeridian.measure.backend=/tmp/meridian-health-bench/l7backend
 * </pre>
 *
 * <p>The backends are the shared harness's C {@code l7backend} ({@code
 * shared/bench/l7/l7backend.c}: single-threaded epoll, answers {@code 200} to any request and
 * honours {@code Connection: close}), one process per port on 127.0.0.1, so they neither share the
 * agent's descriptors nor its JVM. TCP checks connect to the same servers and hang up. Endpoints
 * are spread over {@code ports} ports, so the 28k ephemeral ports of each destination outlast the
 * TIME_WAIT of 10,000 connections a second. With {@code backendCpus} the backends run under {@code
 * taskset -c}; the agent's own pinning is whatever the JVM was started with.
 *
 * <p>Each case first runs a scheduler for {@code warmup} (JIT), closes it, then starts a fresh one
 * and counts from its second round on. "Late" is a round that fired more than 10 % of the interval
 * after it was due, "skipped" a round dropped because the previous probe of the target was still
 * running, "failed" a result that did not pass although every backend is healthy.
 */
@EnabledIfSystemProperty(named = "meridian.measure", matches = "true")
class ProbeCapacityMeasurement {

  static final String PREFIX = "meridian.measure.";
  static final int PORTS = Integer.getInteger(PREFIX + "ports", 16);
  static final int LOOPS = Integer.getInteger(PREFIX + "loops", 4);
  static final String BACKEND = System.getProperty(PREFIX + "backend", "");
  static final String BACKEND_CPUS = System.getProperty(PREFIX + "backendCpus", "");
  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final Duration TIMEOUT = Duration.ofMillis(500);
  static final Duration WINDOW = Duration.ofSeconds(Long.getLong(PREFIX + "window", 20));
  static final Duration WARMUP = Duration.ofSeconds(Long.getLong(PREFIX + "warmup", 10));
  static final double CLOCK_TICK_NANOS = 1e9 / 100; // USER_HZ of /proc/<pid>/stat

  /**
   * {@code -Dmeridian.measure.cases=TCP:2000,HTTP:10000,HTTP:10000:fresh} picks cases; {@code
   * fresh} turns HTTP connection reuse off.
   */
  static Stream<Arguments> cases() {
    String cases = System.getProperty(PREFIX + "cases", "TCP:10000,HTTP:10000");
    return Arrays.stream(cases.split(","))
        .map(c -> c.trim().split(":"))
        .map(
            c ->
                Arguments.of(
                    Type.valueOf(c[0]),
                    Integer.parseInt(c[1]),
                    !(c.length > 2 && c[2].equals("fresh"))));
  }

  @ParameterizedTest(name = "{0} x {1}, reuse {2}")
  @MethodSource("cases")
  void measure(Type type, int endpoints, boolean reuse) throws IOException {
    if (BACKEND.isEmpty() || !Files.isExecutable(Path.of(BACKEND))) {
      throw new IllegalStateException(
          "set -Dmeridian.measure.backend to a built l7backend (bench/health/failover.sh does)");
    }
    List<Process> backends = new ArrayList<>();
    // as many event loops as shards: the agent's whole cost lands on threads we can clock
    Vertx agentVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS)
            .setPreferNativeTransport(!Boolean.getBoolean(PREFIX + "nio")));
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < PORTS; i++) {
        int port = freePort();
        backends.add(startBackend(port, "b" + i));
        ports.add(port);
      }
      for (int port : ports) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> accepts(port));
      }
      Set<Target> targets = targets(type, endpoints, ports, reuse);
      run(agentVertx, targets, WARMUP, null);
      String transport = agentVertx.isNativeTransportEnabled() ? "epoll" : "nio";
      Run measured =
          new Run(
              type + (type.isHttp() && !reuse ? " fresh" : "") + " " + transport,
              endpoints,
              backends);
      run(agentVertx, targets, WINDOW, measured);
    } finally {
      await(agentVertx.close());
      backends.forEach(Process::destroy);
    }
  }

  static Set<Target> targets(Type type, int endpoints, List<Integer> ports, boolean reuse) {
    Set<Target> targets = new HashSet<>();
    InetAddress localhost = InetAddress.getLoopbackAddress();
    for (int i = 0; i < endpoints; i++) {
      CheckSpec spec =
          CheckSpec.builder(type, ports.get(i % ports.size()))
              .interval(INTERVAL)
              .timeout(TIMEOUT)
              .reuseConnection(reuse)
              .build();
      targets.add(new Target("pool/e" + i, localhost, spec));
    }
    return targets;
  }

  /** One scheduler over {@code targets} for {@code window} after its first round; prints if asked. */
  static void run(Vertx vertx, Set<Target> targets, Duration window, Run printed) {
    Set<Long> agentThreads = ConcurrentHashMap.newKeySet();
    HealthScheduler.Builder builder =
        HealthScheduler.builder(
                vertx,
                "agent",
                "local",
                o -> agentThreads.add(Thread.currentThread().getId()))
            .random(new SplittableRandom(1))
            .eventLoops(LOOPS);
    Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    if (Boolean.getBoolean(PREFIX + "noop")) {
      builder.probes(spec -> new NoopProbe());
    } else {
      builder.probes(spec -> new ReasonCountingProbe(Probe.of(vertx, spec, System::nanoTime), failures));
    }
    HealthScheduler scheduler = builder.build();
    await(scheduler.update(targets));
    pause(INTERVAL.plusMillis(500)); // every target has had its first round
    Sample before = Sample.take(scheduler, agentThreads, printed);
    failures.clear();
    pause(window);
    Sample after = Sample.take(scheduler, agentThreads, printed);
    await(scheduler.close());
    if (printed != null) {
      printed.print(before, after, window, failures);
    }
  }

  /** A case being measured: what is printed and which backend processes it clocks. */
  record Run(String type, int endpoints, List<Process> backends) {

    void print(Sample before, Sample after, Duration window, Map<String, LongAdder> failures) {
      double seconds = window.toNanos() / 1e9;
      long probes = after.stats.probes() - before.stats.probes();
      long perProbe = Math.max(1, probes);
      System.out.printf(
          Locale.ROOT,
          "%-16s %6d endpoints: %6.0f rounds/s %6.0f probes/s  late(>%d ms) %d  skipped %d"
              + "  max lateness %.0f ms  failed %d of %d results (%d more set aside)"
              + "  | agent process %.2f cpu s/s = %.0f us/probe (%.0f user + %.0f kernel;"
              + " event loops %.0f)"
              + "  gc %.0f ms  backends %.2f cpu s/s = %.0f us/probe"
              + "  others %.2f cpu s/s  agent loops waited for a cpu %.3f s/s  failures: %s%n",
          type,
          endpoints,
          (after.stats.rounds() - before.stats.rounds()) / seconds,
          probes / seconds,
          INTERVAL.toMillis() / 10,
          after.stats.late() - before.stats.late(),
          after.stats.skipped() - before.stats.skipped(),
          after.stats.maxLatenessMillis(),
          after.stats.failures() - before.stats.failures(),
          after.stats.results() - before.stats.results(),
          after.stats.setAside() - before.stats.setAside(),
          (after.processCpu - before.processCpu) / 1e9 / seconds,
          (after.processCpu - before.processCpu) / 1e3 / perProbe,
          (after.processUser - before.processUser) / 1e3 / perProbe,
          (after.processCpu - before.processCpu - after.processUser + before.processUser)
              / 1e3
              / perProbe,
          (after.loopsCpu - before.loopsCpu) / 1e3 / perProbe,
          (double) (after.gcMillis - before.gcMillis),
          (after.backendCpu - before.backendCpu) / 1e9 / seconds,
          (after.backendCpu - before.backendCpu) / 1e3 / perProbe,
          ((after.machineCpu - before.machineCpu)
                  - (after.processCpu - before.processCpu)
                  - (after.backendCpu - before.backendCpu))
              / 1e9
              / seconds,
          (after.loopsWaited - before.loopsWaited) / 1e9 / seconds,
          failures.isEmpty() ? "none" : new TreeMap<>(failures));
    }
  }

  /** Counters and CPU clocks at one moment. */
  record Sample(
      SchedulerStats stats,
      long processCpu,
      long processUser,
      long loopsCpu,
      long gcMillis,
      long backendCpu,
      long machineCpu,
      long loopsWaited) {

    static Sample take(HealthScheduler scheduler, Set<Long> agentThreads, Run run) {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      return new Sample(
          scheduler.stats(),
          ((com.sun.management.OperatingSystemMXBean)
                  ManagementFactory.getOperatingSystemMXBean())
              .getProcessCpuTime(),
          userNanos(ProcessHandle.current().pid()),
          agentThreads.stream().mapToLong(threads::getThreadCpuTime).sum(),
          ManagementFactory.getGarbageCollectorMXBeans().stream()
              .mapToLong(GarbageCollectorMXBean::getCollectionTime)
              .sum(),
          run == null ? 0 : run.backends.stream().mapToLong(p -> cpuNanos(p.pid())).sum(),
          machineCpuNanos(),
          eventLoopRunQueueWaitNanos());
    }
  }

  Process startBackend(int port, String name) throws IOException {
    List<String> command = new ArrayList<>();
    if (!BACKEND_CPUS.isEmpty()) {
      command.addAll(List.of("taskset", "-c", BACKEND_CPUS));
    }
    command.addAll(List.of(BACKEND, Integer.toString(port), name));
    return new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static boolean accepts(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    }
  }

  /** A measurement window, not synchronisation: nothing is waited for but time. */
  static void pause(Duration duration) {
    await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
  }

  /** utime + stime of a process, from {@code /proc/<pid>/stat}. */
  static long cpuNanos(long pid) {
    String[] fields = stat(pid);
    return (long) ((Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * CLOCK_TICK_NANOS);
  }

  /** utime of a process: the part of its CPU time outside the kernel. */
  static long userNanos(long pid) {
    return (long) (Long.parseLong(stat(pid)[11]) * CLOCK_TICK_NANOS);
  }

  /** The fields of {@code /proc/<pid>/stat} after the command name; utime is [11], stime [12]. */
  static String[] stat(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Busy time of all CPUs (everything but idle and iowait), from {@code /proc/stat}. */
  static long machineCpuNanos() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i <= 8; i++) { // user nice system idle iowait irq softirq steal
        busy += i == 4 || i == 5 ? 0 : Long.parseLong(fields[i]);
      }
      return (long) (busy * CLOCK_TICK_NANOS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  /** Counts failed results by reason, with numbers taken out so that alike reasons add up. */
  record ReasonCountingProbe(Probe probe, Map<String, LongAdder> failures) implements Probe {
    @Override
    public Future<ProbeResult> probe(InetAddress address) {
      return probe
          .probe(address)
          .onSuccess(
              result -> {
                if (!result.ok()) {
                  failures
                      .computeIfAbsent(result.detail().replaceAll("[0-9]+", "N"), k -> new LongAdder())
                      .increment();
                }
              });
    }

    @Override
    public Future<Void> close() {
      return probe.close();
    }
  }

  /** Isolates the scheduler's own cost (timers, rise/fall, reports): no network. */
  static final class NoopProbe implements Probe {
    @Override
    public Future<ProbeResult> probe(InetAddress address) {
      return Future.succeededFuture(new ProbeResult(true, Duration.ZERO, "noop"));
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }
}
