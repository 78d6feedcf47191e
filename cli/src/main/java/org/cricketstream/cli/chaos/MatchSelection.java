package org.cricketstream.cli.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The match files a chaos run replays: every match under the given files and folders, or the first
 * {@code n} of each source (by name), copied with their CSV2 info files into folders of their own.
 *
 * @param files one match file each (a T20I JSON, an ODI ball CSV, a Test YAML)
 * @param folders what {@code up --data} is given
 */
record MatchSelection(List<Path> files, List<Path> folders) {
  static MatchSelection of(List<Path> data, int perSource, Path copies) throws IOException {
    Map<String, List<Path>> bySource = new LinkedHashMap<>();
    for (String source : List.of("t20i", "odi", "test")) {
      bySource.put(source, new ArrayList<>());
    }
    for (Path given : data) {
      if (!Files.exists(given)) {
        throw new IllegalArgumentException("no such file or folder: " + given);
      }
      try (Stream<Path> walk = Files.walk(given)) {
        walk.filter(Files::isRegularFile)
            .filter(MatchSelection::isMatchFile)
            .sorted(Comparator.comparing(p -> p.getFileName().toString()))
            .forEach(p -> bySource.get(Tally.sourceOf(p)).add(p));
      }
    }
    if (perSource == 0) {
      List<Path> all = new ArrayList<>();
      bySource.values().forEach(all::addAll);
      return new MatchSelection(all, data);
    }
    List<Path> files = new ArrayList<>();
    List<Path> folders = new ArrayList<>();
    for (Map.Entry<String, List<Path>> e : bySource.entrySet()) {
      List<Path> chosen = e.getValue().subList(0, Math.min(perSource, e.getValue().size()));
      if (chosen.isEmpty()) {
        continue;
      }
      Path folder = copies.resolve(e.getKey());
      Files.createDirectories(folder);
      for (Path file : chosen) {
        Path copy = folder.resolve(file.getFileName());
        Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        files.add(copy);
        Path info = infoOf(file);
        if (Files.exists(info)) {
          Files.copy(
              info,
              folder.resolve(info.getFileName()),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      folders.add(folder);
    }
    return new MatchSelection(files, folders);
  }

  /** Matches per source. */
  Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Path f : files) {
      counts.merge(Tally.sourceOf(f), 1L, Long::sum);
    }
    return counts;
  }

  private static boolean isMatchFile(Path p) {
    String name = p.getFileName().toString();
    return name.endsWith(".json")
        || name.endsWith(".yaml")
        || name.endsWith(".yml")
        || (name.endsWith(".csv") && !name.endsWith("_info.csv"));
  }

  private static Path infoOf(Path ballFile) {
    String name = ballFile.getFileName().toString();
    return ballFile.resolveSibling(name.substring(0, name.length() - 4) + "_info.csv");
  }
}
