package io.meridian.balancer;

import io.meridian.balancer.config.BalancerConfig;
import io.meridian.balancer.config.BalancerConfigReader;
import io.meridian.balancer.server.AccessLog;
import io.meridian.core.config.InvalidConfigException;
import io.netty.handler.ssl.OpenSsl;
import io.netty.util.ResourceLeakDetector;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Runs a balancer from its YAML file until the process is stopped: {@code java -cp ...
 * io.meridian.balancer.BalancerMain CONFIG.yaml}. The file is re-read when its modification time
 * changes (checked every second); a bad new file is reported with every problem and the running
 * config stays. The {@code meridian balancer} command will do the same from the CLI.
 */
public final class BalancerMain {

  private static final Logger LOG = Logger.getLogger(BalancerMain.class.getName());

  private BalancerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: BalancerMain CONFIG.yaml");
      System.exit(2);
    }
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      // Netty's default samples one buffer in 128 for leak tracking, with a stack trace each:
      // a debugging aid, paid on the request path. -Dio.netty.leakDetection.level=... turns it on.
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
    Path file = Path.of(args[0]);
    BalancerConfig config;
    try {
      config = BalancerConfigReader.read(file);
    } catch (InvalidConfigException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    Vertx vertx = DataPlaneVertx.create(options(config));
    LOG.info(DataPlaneVertx.describe(vertx));
    LOG.info(OpenSsl.isAvailable()
        ? "TLS: OpenSSL (" + OpenSsl.versionString() + ")"
        : "TLS: the JDK's (OpenSSL unavailable: " + OpenSsl.unavailabilityCause() + ")");
    Balancer balancer =
        Balancer.start(vertx, config, AccessLog.toLogger()).await(30, TimeUnit.SECONDS);
    LOG.info("balancer listening on " + balancer.ports());
    FileTime[] seen = {Files.getLastModifiedTime(file)};
    vertx.setPeriodic(1000, id -> vertx.executeBlocking(() -> reloadIfChanged(file, seen, balancer)));
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> {
          try {
            balancer.close().compose(v -> vertx.close()).await(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            LOG.warning("shutdown: " + e);
          }
        }));
  }

  /** One event loop per {@code event_loops}. */
  static VertxOptions options(BalancerConfig config) {
    return new VertxOptions().setEventLoopPoolSize(config.eventLoops());
  }

  private static Void reloadIfChanged(Path file, FileTime[] seen, Balancer balancer)
      throws Exception {
    FileTime now = Files.getLastModifiedTime(file);
    if (now.equals(seen[0])) {
      return null;
    }
    seen[0] = now;
    try {
      balancer.reload(BalancerConfigReader.read(file)).await(30, TimeUnit.SECONDS);
      LOG.info("reloaded " + file);
    } catch (InvalidConfigException e) {
      LOG.warning(e.getMessage() + "\n  keeping the running configuration");
    }
    return null;
  }
}
