package org.cricketstream.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.testsupport.ExpectedCleanTopics;
import org.cricketstream.testsupport.RawPublisher;
import org.cricketstream.testsupport.RawRecord;
import org.cricketstream.testsupport.RawRecords;
import org.cricketstream.topics.Topics;

/**
 * The whole sample as raw events, the way crashing sources would deliver it: every match's events
 * in order, then all of them again (the replay after a crash; ODI rows come back under new primary
 * keys), with matches interleaved record by record. Also what the clean topics must then hold.
 */
public final class SampleLoad {
  public final List<RawRecord> records = new ArrayList<>();
  public final List<Path> files = new ArrayList<>();

  /** Natural key to value, per clean topic, as read straight from the files. */
  private final ExpectedCleanTopics oracle = new ExpectedCleanTopics();

  /** Per clean topic, natural key to value: read from the files, not through the processor. */
  public final Map<String, Map<String, Object>> expected = oracle.byTopic();

  public static SampleLoad ofSample() {
    return new SampleLoad(sampleFiles());
  }

  /**
   * Every {@code n}th match file of the sample, so each source and era is still there: for tests
   * whose point is a failure mid-load, which the whole sample would only make longer.
   */
  public static SampleLoad ofSampleEvery(int n) {
    List<Path> all = sampleFiles();
    List<Path> part = new ArrayList<>();
    for (int i = 0; i < all.size(); i += n) {
      part.add(all.get(i));
    }
    return new SampleLoad(part);
  }

  private static List<Path> sampleFiles() {
    List<Path> folders = new ArrayList<>();
    if (ProcessorTestData.real().isPresent()) {
      Path real = ProcessorTestData.real().get();
      folders.add(real.resolve("t20i_json"));
      folders.add(real.resolve("odi_csv"));
      folders.add(real.resolve("test_yaml"));
    } else {
      Path fixtures = ProcessorTestData.fixtures();
      folders.add(fixtures.resolve("json"));
      folders.add(fixtures.resolve("csv"));
      folders.add(fixtures.resolve("yaml"));
    }
    return filesIn(folders);
  }

  private SampleLoad(List<Path> matchFiles) {
    RawRecords raw = new RawRecords();
    List<List<RawRecord>> perMatch = new ArrayList<>();
    files.addAll(matchFiles);
    for (Path file : files) {
      List<RawRecord> once = raw.of(file);
      List<RawRecord> twice = new ArrayList<>(once);
      twice.addAll(raw.of(file));
      perMatch.add(twice);
      oracle.add(MatchFiles.readMatch(file));
    }
    for (int i = 0; ; i++) {
      boolean any = false;
      for (List<RawRecord> match : perMatch) {
        if (i < match.size()) {
          records.add(match.get(i));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
  }

  /** The given match files (CSV2 ball files, JSON, YAML) as a load. */
  public static SampleLoad ofFiles(List<Path> matchFiles) {
    return new SampleLoad(matchFiles);
  }

  /** The match files in the folders, in name order (info files are read with their ball files). */
  public static List<Path> filesIn(List<Path> folders) {
    List<Path> files = new ArrayList<>();
    for (Path folder : folders) {
      try (Stream<Path> list = Files.list(folder)) {
        list.filter(p -> !p.getFileName().toString().endsWith("_info.csv"))
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  public int expectedDeliveries() {
    return expected.get(Topics.DELIVERIES.name()).size();
  }

  /** Publishes records [from, to) with an idempotent producer and waits for every ack. */
  public void publish(String bootstrapServers, int from, int to) {
    try (RawPublisher publisher = new RawPublisher(bootstrapServers)) {
      publisher.publish(records.subList(from, to));
    }
  }
}
