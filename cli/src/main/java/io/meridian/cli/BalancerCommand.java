package io.meridian.cli;

import io.meridian.balancer.BalancerMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The L7 balancer role, from its own YAML file (`config/balancer/example.yaml`, syntax in
 * balancer/README.md); it reloads the file when it changes. Not yet a cluster member.
 */
@Command(name = "balancer", description = "Start the regional L7 balancer on its configuration file.")
final class BalancerCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
      description = "the balancer's YAML configuration")
  Path config;

  @Override
  public Integer call() throws Exception {
    BalancerMain.main(new String[] {config.toString()});
    new CountDownLatch(1).await(); // runs until SIGTERM; the balancer closes in its shutdown hook
    return 0;
  }
}
