package org.cricketstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.testsupport.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench processor} on the fixture matches, on a broker of its own: the processor's time, the
 * plain copy loop's, and the copy loop writing everything the processor wrote, plainly and exactly
 * once.
 */
class ProcessorBenchIT {
  @Test
  void copiesWhatTheProcessorWrote(@TempDir Path dir) throws Exception {
    Path fixtures = Fixtures.folder();
    List<Path> folders =
        List.of(fixtures.resolve("json"), fixtures.resolve("csv"), fixtures.resolve("yaml"));
    long deliveries = 0;
    for (Path file :
        List.of(
            fixtures.resolve("json/900001.json"),
            fixtures.resolve("csv/900003.csv"),
            fixtures.resolve("yaml/900002.yaml"))) {
      deliveries += MatchFiles.readMatch(file).deliveries().size();
    }
    Path report = dir.resolve("processor.json");
    StringWriter out = new StringWriter();
    CommandLine command = new CommandLine(new ProcessorBench());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(new StringWriter()));
    List<String> args = new ArrayList<>(folders.stream().map(Path::toString).toList());
    args.addAll(List.of("--out", report.toString()));

    int exit = command.execute(args.toArray(String[]::new));

    assertThat(exit).as(out.toString()).isZero();
    JsonNode figures = new ObjectMapper().readTree(report.toFile());
    assertThat(figures.get("deliveries").asLong()).isEqualTo(deliveries);
    JsonNode byTopic = figures.get("outputRecordsByTopic");
    // every delivery once, and the processor's own topics among what it wrote
    assertThat(byTopic.get("deliveries").asLong()).isEqualTo(deliveries);
    assertThat(byTopic.get("matches").asLong()).isEqualTo(3);
    assertThat(byTopic.has("bench-processor-dedup-seen-changelog")).isTrue();
    long sum = 0;
    for (JsonNode n : byTopic) {
      sum += n.asLong();
    }
    assertThat(figures.get("outputRecords").asLong()).isEqualTo(sum);
    for (String seconds :
        List.of(
            "processorSeconds",
            "copySeconds",
            "outputCopySeconds",
            "exactlyOnceOutputCopySeconds")) {
      assertThat(figures.get(seconds).asDouble()).as(seconds).isPositive();
    }
    assertThat(out.toString()).contains("the copy loop writing what the processor wrote");
  }
}
