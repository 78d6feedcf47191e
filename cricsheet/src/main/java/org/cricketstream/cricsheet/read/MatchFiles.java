package org.cricketstream.cricsheet.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchFormat;

/**
 * Finds and reads matches in files, folders and Cricsheet's zip archives, one match at a time so
 * memory stays bounded however large the archive. Every file is accounted for: it is read, reported
 * as an error with its location, or reported as skipped (a README, say) with the reason.
 */
public final class MatchFiles {
  private static final String INFO_SUFFIX = "_info.csv";

  private MatchFiles() {}

  /** What became of one file. */
  public sealed interface Item permits Parsed, Failed, Skipped {
    String origin();
  }

  /**
   * A match read without error.
   *
   * @param unknownKeys keys of the file the reader does not know (see {@link UnknownKeys})
   */
  public record Parsed(String origin, Match match, Set<String> unknownKeys) implements Item {
    public Parsed {
      unknownKeys = Set.copyOf(unknownKeys);
    }
  }

  /** A file that is not a valid match; the error says where. */
  public record Failed(String origin, CricsheetFormatException error) implements Item {}

  /** A file that holds no match (README.txt, an info file read with its ball file, ...). */
  public record Skipped(String origin, String reason) implements Item {}

  /** Reads every match under the given files, folders and zip archives, in name order. */
  public static void read(List<Path> paths, Consumer<Item> sink) {
    entries(paths, entry -> readEntry(entry, sink), sink::accept);
  }

  /**
   * Hands every file under the given files, folders and zip archives to {@code entries}, in name
   * order, unread; paths that are missing and archives that cannot be opened go to {@code
   * failures}.
   */
  public static void entries(List<Path> paths, Consumer<Entry> entries, Consumer<Failed> failures) {
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> files = Files.walk(path)) {
          files
              .filter(Files::isRegularFile)
              .sorted(Comparator.comparing(Path::toString))
              .forEach(file -> entryOf(file, entries, failures));
        } catch (IOException e) {
          throw new UncheckedIOException("listing " + path, e);
        }
      } else if (Files.isRegularFile(path)) {
        entryOf(path, entries, failures);
      } else {
        failures.accept(
            new Failed(
                path.toString(),
                new CricsheetFormatException(path.toString(), "path", "no such file or folder")));
      }
    }
  }

  /** Reads the single match in a JSON, YAML or CSV2 ball file (its info file beside it). */
  public static Match readMatch(Path file) {
    List<Item> items = new ArrayList<>();
    entryOf(file, entry -> readEntry(entry, items::add), items::add);
    for (Item item : items) {
      if (item instanceof Parsed parsed) {
        return parsed.match();
      }
      if (item instanceof Failed failed) {
        throw failed.error();
      }
    }
    throw new CricsheetFormatException(
        file.toString(), "file", "not a match file (expected .json, .yaml or a CSV2 ball file)");
  }

  private static void entryOf(Path file, Consumer<Entry> entries, Consumer<Failed> failures) {
    String name = file.getFileName().toString();
    if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
      zipEntries(file, entries, failures);
      return;
    }
    Path parent = file.toAbsolutePath().getParent();
    String folder =
        parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
    entries.accept(
        new Entry(
            file.toString(),
            name,
            folder,
            () -> Files.newInputStream(file),
            () -> {
              Path info = file.resolveSibling(matchIdOf(name) + INFO_SUFFIX);
              return Files.exists(info) ? Files.newInputStream(info) : null;
            },
            () -> Files.exists(file.resolveSibling(name.replace(INFO_SUFFIX, ".csv")))));
  }

  private static void zipEntries(Path zip, Consumer<Entry> sink, Consumer<Failed> failures) {
    String zipName = zip.getFileName().toString();
    try (ZipFile archive = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
      List<? extends ZipEntry> entries =
          archive.stream()
              .filter(e -> !e.isDirectory())
              .sorted(Comparator.comparing(ZipEntry::getName))
              .toList();
      for (ZipEntry entry : entries) {
        String entryName = entry.getName();
        int slash = entryName.lastIndexOf('/');
        String dir = slash < 0 ? "" : entryName.substring(0, slash + 1);
        String name = entryName.substring(slash + 1);
        sink.accept(
            new Entry(
                zip + "!/" + entryName,
                name,
                zipName,
                () -> archive.getInputStream(entry),
                () -> {
                  ZipEntry info = archive.getEntry(dir + matchIdOf(name) + INFO_SUFFIX);
                  return info == null ? null : archive.getInputStream(info);
                },
                () -> archive.getEntry(dir + name.replace(INFO_SUFFIX, ".csv")) != null));
      }
    } catch (IOException e) {
      failures.accept(
          new Failed(
              zip.toString(),
              new CricsheetFormatException(
                  zip.toString(), "archive", "not a readable zip: " + e.getMessage(), e)));
    }
  }

  /** Opens an input; may return null when there is none. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  /** Answers whether something exists. */
  @FunctionalInterface
  public interface Exists {
    boolean check() throws IOException;
  }

  /** What a file holds, judged by its name as Cricsheet names its files. */
  public enum Kind {
    JSON,
    YAML,
    CSV_BALLS,
    CSV_INFO,
    OTHER;

    static Kind of(String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.endsWith(".json")) {
        return JSON;
      }
      if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
        return YAML;
      }
      if (lower.endsWith(INFO_SUFFIX)) {
        return CSV_INFO;
      }
      return lower.endsWith(".csv") ? CSV_BALLS : OTHER;
    }
  }

  /**
   * One file in a folder or zip archive, not yet read. The openers work only while the entry is
   * being handled (a zip archive is open just for that long).
   *
   * @param origin where it is: a path, or {@code archive.zip!/entry}
   * @param name its file name
   * @param container the folder or zip it is in (CSV2's format hint comes from its name)
   * @param data opens the file
   * @param info opens a CSV2 ball file's {@code <id>_info.csv}, or gives null when there is none
   * @param ballFileOfInfo for an info file: whether its ball file is there too
   */
  public record Entry(
      String origin,
      String name,
      String container,
      Opener data,
      Opener info,
      Exists ballFileOfInfo) {
    public Kind kind() {
      return Kind.of(name);
    }

    public String matchId() {
      return matchIdOf(name);
    }

    /** Where this CSV2 ball file's info file is (for messages). */
    public String infoOrigin() {
      return origin.substring(0, origin.length() - name.length()) + matchIdOf(name) + INFO_SUFFIX;
    }
  }

  private static void readEntry(Entry entry, Consumer<Item> sink) {
    String origin = entry.origin();
    String name = entry.name();
    String container = entry.container();
    Opener data = entry.data();
    Opener info = entry.info();
    Exists ballFileOfInfo = entry.ballFileOfInfo();
    String lower = name.toLowerCase(Locale.ROOT);
    String matchId = matchIdOf(name);
    UnknownKeys unknown = new UnknownKeys();
    try {
      if (lower.endsWith(".json")) {
        try (InputStream in = data.open()) {
          Match match = CricsheetReader.json(matchId, origin, in, unknown);
          sink.accept(new Parsed(origin, match, unknown.keys()));
        }
      } else if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
        try (InputStream in = data.open()) {
          Match match = CricsheetReader.yaml(matchId, origin, in, unknown);
          sink.accept(new Parsed(origin, match, unknown.keys()));
        }
      } else if (lower.endsWith(INFO_SUFFIX)) {
        if (ballFileOfInfo.check()) {
          sink.accept(new Skipped(origin, "info file, read with its ball file"));
        } else {
          sink.accept(
              new Failed(
                  origin,
                  new CricsheetFormatException(
                      origin,
                      "file",
                      "info file without its ball file " + name.replace(INFO_SUFFIX, ".csv"))));
        }
      } else if (lower.endsWith(".csv")) {
        String infoOrigin =
            origin.substring(0, origin.length() - name.length()) + matchId + INFO_SUFFIX;
        try (InputStream in = data.open();
            InputStream infoIn = info.open()) {
          if (infoIn == null) {
            throw new CricsheetFormatException(
                origin, "file", "CSV2 ball file without its info file " + matchId + INFO_SUFFIX);
          }
          Match match =
              CricsheetReader.csv(
                  matchId,
                  csvFormatHint(container),
                  origin,
                  new StringReader(MatchText.read(origin, in)),
                  infoOrigin,
                  new StringReader(MatchText.read(infoOrigin, infoIn)),
                  unknown);
          sink.accept(new Parsed(origin, match, unknown.keys()));
        }
      } else {
        sink.accept(new Skipped(origin, "not a Cricsheet match file"));
      }
    } catch (CricsheetFormatException e) {
      sink.accept(new Failed(origin, e));
    } catch (IOException | UncheckedIOException e) {
      sink.accept(
          new Failed(
              origin,
              new CricsheetFormatException(origin, "file", "cannot read: " + e.getMessage(), e)));
    }
  }

  /** The match id is the file name without its extension (and without "_info" for info files). */
  public static String matchIdOf(String fileName) {
    String name = fileName;
    int slash = name.lastIndexOf('/');
    if (slash >= 0) {
      name = name.substring(slash + 1);
    }
    if (name.endsWith(INFO_SUFFIX)) {
      return name.substring(0, name.length() - INFO_SUFFIX.length());
    }
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  /**
   * CSV2 does not record the match type. Cricsheet names its archives by format (t20s_csv2.zip,
   * tests_csv2.zip, odis_csv2.zip), so the folder or zip name decides; anything else is read as
   * ODI, the format this project's CSV source carries.
   */
  static MatchFormat csvFormatHint(String container) {
    String lower = container.toLowerCase(Locale.ROOT);
    if (lower.contains("t20")) {
      return MatchFormat.T20;
    }
    if (lower.startsWith("test")) {
      return MatchFormat.TEST;
    }
    return MatchFormat.ODI;
  }
}
