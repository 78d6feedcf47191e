package org.cricketstream.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.cricketstream.bridge.BridgeSettings;
import org.cricketstream.cli.up.Supervised;
import org.cricketstream.config.Setting;
import org.cricketstream.config.SettingException;
import org.cricketstream.config.Shared;
import org.cricketstream.lambda.EmitterSettings;
import org.cricketstream.processor.ProcessorSettings;
import org.cricketstream.sources.SourcesSettings;
import org.cricketstream.topics.TopicRetention;
import org.cricketstream.warehouse.WarehouseSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./cricket} launcher: one entry point for every user-facing command. */
@Command(
    name = "cricket",
    mixinStandardHelpOptions = true,
    versionProvider = Cricket.Version.class,
    description = "cricket-stream: live analytics for ball-by-ball Cricsheet data.",
    // by how often a user needs them: the stack, reading it, the files, then the parts
    subcommands = {
      UpCommand.class,
      StatusCommand.class,
      QueryCommand.class,
      ValidateCommand.class,
      ScorecardCommand.class,
      DoctorCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      RebuildCommand.class,
      GenerateCommand.class,
      ReplayCommand.class,
      ProcessorCommand.class,
      SinkCommand.class,
      ConnectCommand.class,
      BridgeCommand.class,
      org.cricketstream.cli.chaos.ChaosCommand.class,
      LambdaRunnerCommand.class,
      LocalAwsCommand.class,
      ServerCommand.class,
      SupersetCommand.class
      // then commands from other jars (bench), then help: see commandLine()
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./cricket up --data ../shared/data/cricsheet   the whole stack on real matches",
      "  ./cricket status                              how it is doing",
      "  ./cricket up --help                           everything up can do"
    })
public final class Cricket implements Runnable {
  private static final java.util.Set<String> QUIET_COMMANDS =
      java.util.Set.of("up", "status", "chaos");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static final String NETWORK_CLIENT_LOG =
      "org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient";

  public static void main(String[] args) {
    // S3Proxy closes idle connections that the JDK's HTTP client (under the AWS SDK) would reuse
    // for the next PUT, which then fails ("Error writing request body to server"): up staging Test
    // matches after its other components started failed so. Set before any HTTP connection is made.
    if (System.getProperty("http.keepAlive") == null) {
      System.setProperty("http.keepAlive", "false");
    }
    if (args.length > 0 && QUIET_COMMANDS.contains(args[0])) {
      // these talk to the user; their Kafka and database clients' INFO lines would bury that
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
      // a broker of a cluster that is down is shown by status and up's own lines; its clients
      // would warn about it every second
      if (System.getProperty(NETWORK_CLIENT_LOG) == null) {
        System.setProperty(NETWORK_CLIENT_LOG, "error");
      }
    }
    if (Supervised.isSupervised(System.getenv())) {
      Supervised.stopWhenSupervisorIsGone(System.in, System.getenv());
    }
    System.exit(commandLine().execute(args));
  }

  /** The settings each command reads from the environment, shown in its help. */
  static final Map<String, List<Setting<?>>> ENVIRONMENT =
      Map.of(
          "processor",
          Setting.union(ProcessorSettings.SETTINGS, TopicRetention.SETTINGS),
          "sink",
          Setting.union(
              WarehouseSettings.SETTINGS,
              List.of(org.cricketstream.warehouse.sink.SinkShare.SETTING),
              TopicRetention.SETTINGS),
          "bridge",
          BridgeSettings.SETTINGS,
          "replay",
          SourcesSettings.SETTINGS,
          "connect",
          Setting.union(
              List.of(Shared.KAFKA_BOOTSTRAP_SERVERS, Shared.KAFKA_PROPERTIES),
              SourcesSettings.SETTINGS),
          "lambda-runner",
          Setting.union(LambdaRunnerSettings.SETTINGS, EmitterSettings.SETTINGS),
          "up",
          org.cricketstream.cli.up.SupervisorSettings.SETTINGS);

  /** The configured command line, shared by main and by tests. */
  public static CommandLine commandLine() {
    CommandLine cli =
        new CommandLine(new Cricket())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .registerConverter(java.time.Duration.class, Cricket::duration)
            .registerConverter(Double.class, Cricket::number)
            .registerConverter(Double.TYPE, Cricket::number)
            .setParameterExceptionHandler(Cricket::badParameter)
            .setExecutionExceptionHandler(Cricket::failed);
    for (ExtraCommand extra : java.util.ServiceLoader.load(ExtraCommand.class)) {
      cli.addSubcommand(extra);
    }
    cli.addSubcommand(new CommandLine.HelpCommand());
    ENVIRONMENT.forEach(
        (name, settings) -> addEnvironment(cli.getSubcommands().get(name), settings));
    joinDescriptions(cli);
    return cli;
  }

  /** The width help is wrapped at (picocli's default). */
  static final int HELP_WIDTH = 80;

  /**
   * Descriptions are written as lines of about 90 characters, which picocli would wrap one by one,
   * each leaving a word or two on a line of its own: each command's description is joined into
   * paragraphs that picocli wraps whole. An empty line starts a paragraph, a line that starts with
   * a space or "- " stays a line of its own.
   */
  static void joinDescriptions(CommandLine command) {
    CommandLine.Model.UsageMessageSpec usage = command.getCommandSpec().usageMessage();
    List<String> paragraphs = new java.util.ArrayList<>();
    for (String line : usage.description()) {
      boolean own = line.isBlank() || line.startsWith(" ") || line.startsWith("- ");
      int last = paragraphs.size() - 1;
      if (own || last < 0 || paragraphs.get(last).isBlank()) {
        paragraphs.add(line);
      } else {
        paragraphs.set(last, paragraphs.get(last).stripTrailing() + " " + line.strip());
      }
    }
    usage.description(paragraphs.toArray(String[]::new));
    command.getSubcommands().values().forEach(Cricket::joinDescriptions);
  }

  /** An "Environment:" section before the examples, listing what the command reads. */
  private static void addEnvironment(CommandLine command, List<Setting<?>> settings) {
    CommandLine.Model.UsageMessageSpec usage = command.getCommandSpec().usageMessage();
    usage.sectionMap().put("environmentHeading", help -> String.format("%nEnvironment:%n"));
    usage
        .sectionMap()
        .put(
            "environment",
            help -> {
              StringBuilder b = new StringBuilder();
              int width = settings.stream().mapToInt(s -> s.name().length()).max().orElse(0);
              for (Setting<?> s : settings) {
                // the text starts two spaces after the longest name, continued below itself
                int indent = width + 3;
                b.append(String.format("  %-" + width + "s ", s.name()));
                int column = indent;
                for (String word : describe(s).split(" ", -1)) {
                  if (column + 1 + word.length() > HELP_WIDTH && column > indent + 1) {
                    b.append(System.lineSeparator()).append(" ".repeat(indent));
                    column = indent;
                  }
                  b.append(' ').append(word);
                  column += 1 + word.length();
                }
                b.append(System.lineSeparator());
              }
              return b.toString();
            });
    List<String> keys = new java.util.ArrayList<>(usage.sectionKeys());
    keys.addAll(
        keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING),
        List.of("environmentHeading", "environment"));
    usage.sectionKeys(keys);
  }

  private static Double number(String text) {
    try {
      return Double.valueOf(text.strip());
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
    }
  }

  private static java.time.Duration duration(String text) {
    try {
      return Setting.parseDuration(text);
    } catch (RuntimeException e) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is not a duration: expected one such as PT2H, 2h, 30s or 500ms");
    }
  }

  private static String describe(Setting<?> s) {
    return s.help()
        + s.defaultText().map(d -> d.isEmpty() ? "" : " (default " + d + ")").orElse("");
  }

  /**
   * A wrong option or argument: the message and where to read more, on two lines, exit code 2;
   * never the whole usage text, which buries the message.
   */
  private static int badParameter(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(prefix(command) + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try: ./" + command.getCommandSpec().qualifiedName(" ") + " --help");
    err.flush();
    return 2;
  }

  /**
   * A command that failed: a setting or input the user gave is one line naming it, exit code 2; a
   * fault of the program itself keeps its stack trace (it is a bug to report), exit code 1.
   */
  private static int failed(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
    PrintWriter err = command.getErr();
    Throwable user = e;
    while (user != null && !(user instanceof SettingException)) {
      user = user.getCause();
    }
    if (user != null) {
      err.println(prefix(command) + user.getMessage());
      err.flush();
      return 2;
    }
    err.println(prefix(command) + "failed: " + e);
    e.printStackTrace(err);
    err.flush();
    return 1;
  }

  private static String prefix(CommandLine command) {
    return command.getCommandSpec().qualifiedName(" ") + ": ";
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
