package org.cricketstream.superset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.cricketstream.testsupport.RequiredTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code superset/pinned_extensions.py}, which lets Superset's DuckDB connections skip DuckDB's
 * signature check of extension files that match the repository's pinned hashes: run by Python 3 on
 * real files, their hashes computed here by the JDK.
 */
class PinnedExtensionsTest {
  @TempDir Path tmp;

  /** What the Python steps print, one line each: "ok" or the reason {@code check} gave. */
  private static final String STEPS =
      String.join(
          "\n",
          "import importlib.util, os, sys",
          "spec = importlib.util.spec_from_file_location('p', sys.argv[1])",
          "p = importlib.util.module_from_spec(spec); spec.loader.exec_module(p)",
          "folder, hashes = sys.argv[2], sys.argv[3]",
          "say = lambda why: print('ok' if why is None else why, flush=True)",
          "say(p.check(folder, hashes))",
          "b = os.path.join(folder, 'v1/linux/b.duckdb_extension')",
          "original = open(b, 'rb').read()",
          "st = os.stat(b)",
          // the same size, other bytes, a later time: read again, refused
          "open(b, 'wb').write(b'X' + original[1:]); os.utime(b, ns=(st.st_atime_ns,"
              + " st.st_mtime_ns + 1000000000))",
          "say(p.check(folder, hashes))",
          // the original bytes back: matches again
          "open(b, 'wb').write(original)",
          "say(p.check(folder, hashes))",
          "os.remove(os.path.join(folder, 'v1/linux/a.duckdb_extension'))",
          "say(p.check(folder, hashes))",
          "say(p.check(folder, os.path.join(folder, 'no-such-file')))",
          "");

  @Test
  void filesMatchingThePinnedHashesPassAndAnyOtherBytesOrAMissingFileDoNot() throws Exception {
    Path folder = tmp.resolve("extensions");
    Path linux = Files.createDirectories(folder.resolve("v1/linux"));
    byte[] a = "the first extension".getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[3 * 1024 * 1024 + 7]; // longer than the module's 1 MiB reads
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    Files.write(linux.resolve("a.duckdb_extension"), a);
    Files.write(linux.resolve("b.duckdb_extension"), b);
    Files.writeString(linux.resolve("not-pinned.txt"), "ignored");
    Path hashes = tmp.resolve("pinned.sha256");
    Files.writeString(
        hashes,
        "# pinned\n"
            + sha256(a)
            + "  v1/linux/a.duckdb_extension\n\n"
            + sha256(b)
            + " *v1/linux/b.duckdb_extension\n");

    List<String> said = run(folder, hashes);

    assertThat(said).hasSize(5);
    assertThat(said.get(0)).isEqualTo("ok");
    assertThat(said.get(1))
        .contains(linux.resolve("b.duckdb_extension").toString())
        .contains("not the pinned " + sha256(b));
    assertThat(said.get(2)).isEqualTo("ok");
    assertThat(said.get(3))
        .startsWith("cannot read " + linux.resolve("a.duckdb_extension"))
        .contains("No such file");
    assertThat(said.get(4)).startsWith("no pinned hashes:").contains("no-such-file");
  }

  @Test
  void theRepositoryPinsEveryExtensionTheWarehouseInstalls() throws IOException {
    Path checkout = LocalSuperset.checkout();
    String pinned = Files.readString(checkout.resolve("warehouse/duckdb-extensions.sha256"));
    String script = Files.readString(checkout.resolve("warehouse/duckdb-extensions.sh"));
    for (String name :
        List.of("ducklake", "sqlite_scanner", "postgres_scanner", "quack", "httpfs")) {
      assertThat(script).contains(" " + name);
      assertThat(pinned)
          .containsPattern(
              "(?m)^[0-9a-f]{64}  v1\\.5\\.5/linux_amd64/" + name + "\\.duckdb_extension$");
    }
    assertThat(script).contains("DUCKDB_VERSION=v1.5.5").contains("duckdb-extensions.sha256");
  }

  private static List<String> run(Path folder, Path hashes) throws Exception {
    Optional<String> unavailable = Optional.empty();
    Process p = null;
    try {
      p =
          new ProcessBuilder(
                  "python3",
                  "-c",
                  STEPS,
                  LocalSuperset.checkout().resolve("superset/pinned_extensions.py").toString(),
                  folder.toString(),
                  hashes.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      unavailable = Optional.of("no python3 on PATH (" + e.getMessage() + ")");
    }
    RequiredTool.require("python3", unavailable, "install Python 3");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return new ArrayList<>(out.lines().toList());
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
