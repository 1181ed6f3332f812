package io.meridian.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The DNS role alone: a cluster member serving answers from the health the agents share. */
@Command(name = "dns", description = "Start the authoritative DNS server (a cluster member, no agent).")
final class DnsCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
      description = "YAML configuration")
  Path config;

  @Override
  public Integer call() throws IOException, InterruptedException {
    return Roles.run(config, "dns", new Roles.Set(true, false, Roles.Admin.NEVER, null, null));
  }
}
