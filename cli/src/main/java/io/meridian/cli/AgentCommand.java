package io.meridian.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The health-agent role alone: probes every checked endpoint from one region, shares results. */
@Command(name = "agent", description = "Start a health agent (a cluster member) in a region.")
final class AgentCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
      description = "YAML configuration")
  Path config;

  @Option(names = "--region", paramLabel = "REGION", required = true,
      description = "the region this agent probes from")
  String region;

  @Option(names = "--name", paramLabel = "NAME",
      description = "this agent's name; default agent-HOST-PID")
  String name;

  @Override
  public Integer call() throws IOException, InterruptedException {
    return Roles.run(config, "agent", new Roles.Set(false, true, Roles.Admin.NEVER, region, name));
  }
}
