package org.cricketstream.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cricketstream.sources.SourcesSettings;
import org.cricketstream.sources.replay.MongoT20Sink;
import org.cricketstream.sources.replay.PostgresOdiSink;
import org.cricketstream.sources.replay.Replay;
import org.cricketstream.sources.replay.SourceSink;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./cricket replay}: replays Cricsheet files as live OLTP traffic into the sources. */
@Command(
    name = "replay",
    header = "Replays Cricsheet files as live source traffic.",
    footerHeading = "%nExamples:%n",
    footer = {"  ./cricket replay --pace 0 ../shared/data/cricsheet"},
    mixinStandardHelpOptions = true,
    description = {
      "Replays Cricsheet files, folders or zip archives as live operational traffic: T20I JSON",
      "documents are inserted into MongoDB (one insert each), ODI CSV2 matches are committed to",
      "PostgreSQL (the info as one row, then every ball row in its own transaction), each source",
      "at its own pace, several matches at once (--sessions), each in its order. Remembers where",
      "it stopped and resumes there. Every file is checked with",
      "the readers first; an invalid one is reported with its location and not sent.",
      "Targets: MONGO_URI, POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD."
    })
final class ReplayCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "files, folders or zip archives")
  List<Path> paths;

  @Option(
      names = "--pace",
      defaultValue = "5",
      description =
          "seconds between two records of one match; 0 = as fast as the store takes (default 5)")
  double paceSeconds;

  @Option(
      names = "--crash-replay",
      defaultValue = "0",
      description = "fraction of records each source commits again later, as a crashed source does")
  double crashReplay;

  @Option(names = "--seed", defaultValue = "1", description = "seed for crash replays (default 1)")
  long seed;

  @Option(
      names = "--position",
      defaultValue = "state/replay-position.json",
      description = "where the replay keeps its position for resuming")
  Path position;

  @Option(
      names = "--sessions",
      paramLabel = "N",
      defaultValue = "" + Replay.Options.DEFAULT_SESSIONS,
      description =
          "matches each source commits at the same time, each from its own session (database"
              + " connection) and each in its order (default: ${DEFAULT-VALUE})")
  int sessions;

  @Override
  public Integer call() throws InterruptedException {
    if (paceSeconds < 0 || crashReplay < 0 || crashReplay > 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--pace must be >= 0 and --crash-replay between 0 and 1");
    }
    if (sessions < 1 || sessions > 64) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--sessions must be between 1 and 64, not " + sessions);
    }
    PrintWriter err = spec.commandLine().getErr();
    List<String> problems = Preflight.survey(paths).problems();
    if (!problems.isEmpty()) {
      // before any store is touched: paths given by the user are inputs like settings
      problems.forEach(p -> err.println("cricket replay: " + p.replaceFirst("^--data ", "")));
      err.flush();
      return 2;
    }
    SourcesSettings settings = SourcesSettings.fromEnvironment();
    Map<Replay.Source, SourceSink> sinks = new EnumMap<>(Replay.Source.class);
    sinks.put(Replay.Source.T20I, new MongoT20Sink(settings.mongoUri()));
    sinks.put(
        Replay.Source.ODI,
        new PostgresOdiSink(
            settings.postgresUrl(), settings.postgresUser(), settings.postgresPassword()));
    Duration pace = Duration.ofMillis(Math.round(paceSeconds * 1000));
    Replay replay =
        new Replay(
            paths, new Replay.Options(pace, crashReplay, seed, position, sessions), sinks, err);
    Thread stopper = new Thread(replay::stop, "replay-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      Replay.Summary summary = replay.run();
      err.printf(
          "done: committed %s, committed again %s, %d errors%n",
          summary.committed(), summary.repeated(), summary.errors().size());
      return summary.errors().isEmpty() ? 0 : 1;
    } finally {
      sinks.values().forEach(SourceSink::close);
    }
  }
}
