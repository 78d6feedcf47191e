package org.cricketstream.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cricketstream.warehouse.ReadOnlyQuery;
import org.cricketstream.warehouse.WarehouseSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./cricket query}: read-only SQL against the warehouse. */
@Command(
    name = "query",
    header = "Runs one read-only SQL statement on the warehouse.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./cricket query \"select * from batting_scorecard limit 5\"",
      "  ./cricket query --json \"select count(*) from deliveries\""
    },
    mixinStandardHelpOptions = true,
    description = {
      "Runs one read-only SQL statement against the warehouse, as BI tools read it: for DuckDB",
      "the database the sink serves live (WAREHOUSE_SERVE, up's default), else the snapshot it",
      "publishes (opened read-only); for PostgreSQL the read-only role (WAREHOUSE_READER_USER,",
      "default cricket_reader) in a read-only transaction. Prints a",
      "table, or with --json an array of row objects. Views: innings_summary, batting_scorecard,",
      "bowling_figures, partnerships, fall_of_wickets, runs_per_over, worm, phase_splits,",
      "batting_careers, bowling_careers, batter_vs_bowler, venue_stats, team_head_to_head, competitions."
    })
final class QueryCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "print an array of row objects")
  boolean json;

  @Option(names = "--url", description = "warehouse JDBC URL (default $WAREHOUSE_URL)")
  String url;

  @CommandLine.Mixin HomeOption home;

  @Parameters(arity = "1..*", paramLabel = "SQL", description = "the statement (words are joined)")
  List<String> sql = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    WarehouseSettings settings = WarehouseCommands.settings(url, home);
    ReadOnlyQuery.Result result;
    try {
      result = ReadOnlyQuery.run(settings, String.join(" ", sql));
    } catch (SQLException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (List<Object> row : result.rows()) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < result.columns().size(); i++) {
          object.put(result.columns().get(i), row.get(i));
        }
        rows.add(object);
      }
      Json.print(out, rows);
    } else {
      printTable(out, result);
    }
    out.flush();
    return 0;
  }

  private static void printTable(PrintWriter out, ReadOnlyQuery.Result result) {
    int n = result.columns().size();
    int[] widths = new int[n];
    for (int i = 0; i < n; i++) {
      widths[i] = result.columns().get(i).length();
    }
    for (List<Object> row : result.rows()) {
      for (int i = 0; i < n; i++) {
        widths[i] = Math.max(widths[i], String.valueOf(row.get(i)).length());
      }
    }
    printRow(out, result.columns(), widths);
    List<Object> rule = new ArrayList<>();
    for (int width : widths) {
      rule.add("-".repeat(width));
    }
    printRow(out, rule, widths);
    for (List<Object> row : result.rows()) {
      printRow(out, row, widths);
    }
    out.printf("(%d row%s)%n", result.rows().size(), result.rows().size() == 1 ? "" : "s");
  }

  private static void printRow(PrintWriter out, List<?> values, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      String text = String.valueOf(values.get(i));
      line.append(i == 0 ? "" : "  ");
      line.append(text).append(" ".repeat(widths[i] - text.length()));
    }
    out.println(line.toString().stripTrailing());
  }
}
