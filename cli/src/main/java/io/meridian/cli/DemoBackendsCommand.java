package io.meridian.cli;

import io.meridian.core.config.DemoBackendConfig;
import io.meridian.core.config.InvalidConfigException;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo backends of {@code demo_backends:} in a process of their own, outside the cluster (a
 * backend is not a member): all of them, those of one region, or the one with a name — so a demo or
 * a test can kill a region's backends for real while its balancer lives on.
 */
@Command(
    name = "demo-backends",
    description = "Run the demo HTTP backends of the configuration (all, one region's, or one).")
final class DemoBackendsCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "the Meridian configuration; default: the embedded one")
  Path config;

  @Option(names = "--region", paramLabel = "REGION", description = "only this region's")
  String region;

  @Option(names = "--name", paramLabel = "NAME", description = "only the backend with this name")
  String name;

  @Override
  public Integer call() throws Exception {
    ConfigFile file = ConfigFile.of(config);
    List<DemoBackendConfig> chosen;
    try {
      chosen = file.read().demoBackends().stream()
          .filter(b -> region == null || b.region().equals(region))
          .filter(b -> name == null || b.name().equals(name))
          .toList();
    } catch (InvalidConfigException e) {
      System.err.println(e.getMessage());
      return Meridian.INVALID_CONFIG;
    }
    if (chosen.isEmpty()) {
      System.err.println(file.describe() + ": demo_backends: none"
          + (region != null ? " in region " + region : "") + (name != null ? " named " + name : ""));
      return Meridian.INVALID_CONFIG;
    }
    Vertx vertx = Vertx.vertx();
    DemoBackends backends = DemoBackends.start(vertx, chosen);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      backends.close();
      vertx.close().await();
      stopped.countDown();
    }, "shutdown"));
    chosen.forEach(b -> System.out.println("meridian: demo backend " + b.name() + " in "
        + b.region() + " on http://" + UpCommand.format(b.listen())));
    System.out.flush();
    stopped.await();
    return 0;
  }
}
