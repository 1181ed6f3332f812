package io.meridian.cli;

import io.meridian.balancer.BalancerMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The L7 balancer role. With {@code --region}: the balancers of that region in Meridian's
 * configuration ({@code balancers:}), as a cluster member that publishes their load and obeys
 * drills; with {@code --file}: one balancer from its own YAML file, standalone (syntax in
 * balancer/README.md). Both reload when their file changes.
 */
@Command(
    name = "balancer",
    description = "Start the L7 balancers of a region (a cluster member), or one from its own file.")
final class BalancerCommand implements Callable<Integer> {

  @ArgGroup(multiplicity = "1")
  Which which;

  static final class Which {
    @Option(names = "--region", paramLabel = "REGION",
        description = "run the balancers of this region from the Meridian configuration")
    String region;

    @Option(names = "--file", paramLabel = "FILE",
        description = "run one balancer from its own YAML file, outside any cluster")
    Path file;
  }

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "the Meridian configuration (with --region); default: the embedded one")
  Path config;

  @Override
  public Integer call() throws Exception {
    if (which.file != null) {
      BalancerMain.main(new String[] {which.file.toString()});
      new CountDownLatch(1).await(); // runs until SIGTERM; the balancer closes in its shutdown hook
      return 0;
    }
    return Roles.run(config, "balancer", new Roles.Set(false, false, Roles.Admin.NEVER,
        which.region, null, Roles.Balancers.OF_REGION, false));
  }
}
