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
      LocalAwsCommand.class,
      LambdaRunnerCommand.class,
      BridgeCommand.class,
      SupersetCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Cricket implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by main and by tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Cricket()).setCaseInsensitiveEnumValuesAllowed(true);
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
