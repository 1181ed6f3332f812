package io.meridian.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code meridian} command: one binary, one subcommand per role. */
@Command(
    name = "meridian",
    mixinStandardHelpOptions = true,
    version = "meridian 0.1.0",
    description = "DNS-based global traffic manager.",
    subcommands = {
      UpCommand.class,
      DnsCommand.class,
      AgentCommand.class,
      AdminCommand.class,
      BalancerCommand.class,
      DemoBackendsCommand.class,
      ApiCommands.Apply.class,
      ApiCommands.Get.class,
      ApiCommands.Rollback.class,
      DrillCommands.class,
      CheckConfigCommand.class,
      ExplainCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Meridian {

  /** Exit code for a configuration that was rejected. */
  static final int INVALID_CONFIG = 2;

  public static void main(String[] args) {
    Logging.configure();
    System.exit(new CommandLine(new Meridian()).execute(args));
  }
}
