package org.cricketstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./cricket} launcher: one entry point for every user-facing command. */
@Command(
    name = "cricket",
    mixinStandardHelpOptions = true,
    versionProvider = Cricket.Version.class,
    description = "cricket-stream: live analytics for ball-by-ball Cricsheet data.",
    subcommands = {
      ValidateCommand.class,
      ScorecardCommand.class,
      GenerateCommand.class,
      ProcessorCommand.class,
      ReplayCommand.class,
      ConnectCommand.class,
      ServerCommand.class,
      SinkCommand.class,
      QueryCommand.class,
      RebuildCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      LocalAwsCommand.class,
      LambdaRunnerCommand.class,
      BridgeCommand.class,
      SupersetCommand.class,
      UpCommand.class,
      StatusCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Cricket implements Runnable {
  private static final java.util.Set<String> QUIET_COMMANDS = java.util.Set.of("up", "status");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    if (args.length > 0 && QUIET_COMMANDS.contains(args[0])) {
      // these talk to the user; their Kafka and database clients' INFO lines would bury that
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    if ("1".equals(System.getenv(org.cricketstream.cli.up.Supervisor.SUPERVISED))) {
      exitWhenSupervisorIsGone();
    }
    System.exit(commandLine().execute(args));
  }

  /**
   * Under {@code ./cricket up}, standard input is a pipe from the supervisor: when it closes, the
   * supervisor is gone (even after kill -9), and this process stops cleanly through its shutdown
   * hooks instead of living on.
   */
  private static void exitWhenSupervisorIsGone() {
    Thread watch =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // the supervisor never writes; anything read is ignored
                }
              } catch (java.io.IOException e) {
                // a broken pipe means the same as end of input
              }
              System.err.println("the supervisor is gone; stopping");
              System.exit(0);
            },
            "supervisor-watch");
    watch.setDaemon(true);
    watch.start();
  }

  /** The configured command line, shared by main and by tests. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Cricket());
    for (ExtraCommand extra : java.util.ServiceLoader.load(ExtraCommand.class)) {
      commandLine.addSubcommand(extra);
    }
    return commandLine.setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** Reports the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Cricket.class.getPackage().getImplementationVersion();
      return new String[] {"cricket-stream " + (version == null ? "(development build)" : version)};
    }
  }
}
