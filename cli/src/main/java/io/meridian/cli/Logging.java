package io.meridian.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** One line per event on stderr: time, level, source, message. Set MERIDIAN_LOG=FINE for more. */
final class Logging {

  private Logging() {}

  static void configure() {
    System.setProperty(
        "java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n");
    Level level = Level.parse(System.getenv().getOrDefault("MERIDIAN_LOG", "INFO"));
    Logger root = Logger.getLogger("");
    for (var handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    ConsoleHandler console = new ConsoleHandler();
    console.setFormatter(new SimpleFormatter());
    console.setLevel(level);
    root.addHandler(console);
    root.setLevel(level);
    Logger.getLogger("io.netty").setLevel(Level.WARNING);
    Logger.getLogger("io.vertx").setLevel(Level.WARNING);
    // Hazelcast narrates every start at INFO (logo, licence, Jet); membership changes stay visible
    if (level.intValue() >= Level.INFO.intValue()) {
      QUIET.setLevel(Level.WARNING);
      MEMBERSHIP.setLevel(Level.INFO);
    }
  }

  // held so java.util.logging does not forget the levels
  private static final Logger QUIET = Logger.getLogger("com.hazelcast");
  private static final Logger MEMBERSHIP =
      Logger.getLogger("com.hazelcast.internal.cluster.ClusterService");
}
