package org.cricketstream.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cricketstream.testsupport.RequiredTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class data sharing ({@code scripts/class-sharing.sh}, {@link ClassSharing}) on the
 * built jars: the committed class list archives on this JDK, and a JVM with the options maps the
 * archive where it was written (not relocated, so its pages are shared) and loads classes from it.
 */
class ClassSharingIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = ROOT.resolve("cli/target/cricket-cli.jar");
  private static final Path LIB = ROOT.resolve("cli/target/lib");
  private static final Path LIST = ROOT.resolve("cli/src/main/cds/classes.list");

  @TempDir Path dir;

  @Test
  void theClassListArchivesAndAJvmMapsTheArchiveInPlace() throws Exception {
    RequiredTool.require(
        "the built cli jar",
        Files.isRegularFile(JAR) && Files.isDirectory(LIB)
            ? Optional.empty()
            : Optional.of(JAR + " or " + LIB + " is missing"),
        "run mvn package first (mvn verify does)");
    String classpath = JAR + ":" + LIB + "/*";
    Path archive = dir.resolve("cricket.jsa");

    Result made = shareClasses(classpath, archive);
    assertThat(made.exit()).as(made.toString()).isZero();
    assertThat(made.err()).contains("archiving the classes");
    assertThat(archive).isRegularFile();
    List<String> options = made.out().lines().toList();
    assertThat(options).containsExactlyElementsOf(ClassSharing.jvmOptions(archive));

    // -Xshare:on: the JVM fails rather than run without the archive
    // the java on the PATH, as the launcher's: an archive maps only in the JDK that made it
    List<String> java = new ArrayList<>(List.of("java", "-Xshare:on"));
    java.addAll(options);
    java.addAll(List.of("-Xlog:cds=info", "-Xlog:class+load=info", "-cp", classpath));
    java.addAll(List.of("org.cricketstream.cli.Cricket", "--help"));
    Result run = run(new ProcessBuilder(java));
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("picocli.CommandLine source: shared objects file")
        // where -Xshare:dump wrote it (SharedBaseAddress's default), not relocated elsewhere
        .containsPattern("Mapped static +region #0 at base 0x0000000800000000")
        .doesNotContain("ArchiveRelocationMode == 1");

    // up to date: left as it is; the class list changed: made again
    FileTime madeAt = Files.getLastModifiedTime(archive);
    Result again = shareClasses(classpath, archive);
    assertThat(again.err()).doesNotContain("archiving");
    assertThat(again.out()).isEqualTo(made.out());
    assertThat(Files.getLastModifiedTime(archive)).isEqualTo(madeAt);
    Path list = dir.resolve("classes.list");
    Files.copy(LIST, list);
    Files.setLastModifiedTime(list, FileTime.from(Instant.now().plusSeconds(60)));
    Result remade = shareClasses(classpath, archive, list);
    assertThat(remade.err()).as(remade.toString()).contains("archiving the classes");
    assertThat(remade.out()).isEqualTo(made.out());
  }

  @Test
  void withoutAnArchiveAJvmGetsNoOptions() {
    assertThat(ClassSharing.jvmOptions(dir.resolve("none.jsa"))).isEmpty();
  }

  private record Result(int exit, String out, String err) {}

  private Result shareClasses(String classpath, Path archive) throws Exception {
    return shareClasses(classpath, archive, LIST);
  }

  private Result shareClasses(String classpath, Path archive, Path list) throws Exception {
    return run(
        new ProcessBuilder(
                "bash",
                "-c",
                ". scripts/class-sharing.sh && share_classes \"$1\" \"$2\" \"$3\"",
                "share",
                classpath,
                archive.toString(),
                list.toString())
            .directory(ROOT.toFile()));
  }

  private Result run(ProcessBuilder builder) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    int exit = process.waitFor();
    return new Result(
        exit,
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
