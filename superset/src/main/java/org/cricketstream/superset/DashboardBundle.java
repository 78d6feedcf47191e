package org.cricketstream.superset;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The dashboards as code: the YAML bundle in {@code superset/bundle/} (metadata.yaml, databases/,
 * datasets/, charts/, dashboards/), zipped the way Superset imports it, with the database's URI
 * filled in.
 */
public final class DashboardBundle {
  /** What the database file holds in place of the URI. */
  static final String URI_PLACEHOLDER = "__WAREHOUSE_URI__";

  private static final String ROOT = "cricket_dashboards/";

  private DashboardBundle() {}

  /** The bundle's folder in a checkout. */
  public static Path folder(Path checkout) {
    return checkout.resolve("superset/bundle");
  }

  /** Writes the bundle of {@code checkout} as a ZIP to {@code zip}, for {@code target}. */
  public static Path write(Path checkout, WarehouseConnection target, Path zip) {
    Path folder = folder(checkout);
    if (!Files.isRegularFile(folder.resolve("metadata.yaml"))) {
      throw new IllegalStateException("no dashboard bundle in " + folder + " (metadata.yaml)");
    }
    try {
      Files.createDirectories(zip.toAbsolutePath().getParent());
      List<Path> files;
      try (Stream<Path> walk = Files.walk(folder)) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
      boolean placed = false;
      try (OutputStream out = Files.newOutputStream(zip);
          ZipOutputStream z = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
        for (Path file : files) {
          String name = folder.relativize(file).toString().replace('\\', '/');
          byte[] bytes = Files.readAllBytes(file);
          if (name.startsWith("databases/")) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.contains(URI_PLACEHOLDER)) {
              placed = true;
              text = text.replace(URI_PLACEHOLDER, yamlString(target.sqlalchemyUri()));
            }
            bytes = text.getBytes(StandardCharsets.UTF_8);
          }
          z.putNextEntry(new ZipEntry(ROOT + name));
          z.write(bytes);
          z.closeEntry();
        }
      }
      if (!placed) {
        throw new IllegalStateException(
            "no database in " + folder + "/databases/ names " + URI_PLACEHOLDER);
      }
      return zip;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the dashboard bundle to " + zip, e);
    }
  }

  /** A YAML double-quoted scalar. */
  static String yamlString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
