package io.meridian.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The admin API alone: a cluster member that owns the configuration versions. */
@Command(name = "admin", description = "Start the admin API (a cluster member; needs an admin section).")
final class AdminCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
      description = "YAML configuration with an admin section")
  Path config;

  @Override
  public Integer call() throws IOException, InterruptedException {
    return Roles.run(config, "admin", new Roles.Set(false, false, Roles.Admin.ALWAYS, null, null));
  }
}
