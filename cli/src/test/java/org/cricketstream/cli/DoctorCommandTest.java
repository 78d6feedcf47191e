package org.cricketstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cricket doctor} on a machine where nothing is cached yet (an empty CRICKET_CACHE, as on
 * a fresh clone): it lists what is missing with how to get it, and starts nothing. UpIT checks that
 * it passes once up has run.
 */
class DoctorCommandTest {
  @Test
  void onAFreshMachineItListsWhatIsMissingAndHowToGetIt(@TempDir Path tmp) throws Exception {
    List<String> command = CricketProcess.command("doctor", "--home", tmp.resolve("h").toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("CRICKET_CACHE", tmp.resolve("empty-cache").toString());
    builder.environment().remove("SUPERSET_PYTHON");
    Process doctor = builder.start();
    String out = new String(doctor.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(doctor.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(out)
        .containsPattern("(?m)^ok +java +Java \\d+")
        .containsPattern(
            "(?m)^ok +home +" + java.util.regex.Pattern.quote(tmp.resolve("h").toString()))
        .containsPattern("(?m)^ok +settings +every setting in the environment is valid")
        .containsPattern(
            "(?m)^(not yet|MISSING) +superset +(not installed yet: up installs it on its first"
                + " start|no Python 3.10 to 3.12)")
        .containsPattern(
            "(?m)^not yet +lambda runtime +not installed.*runtime-emulator.sh install|"
                + "(?m)^not yet +lambda runtime +not installed, and no Go")
        .containsPattern(
            "(?m)^not yet +localstack +for --aws localstack: bash localstack/localstack.sh install")
        .containsPattern(
            "(?m)^not yet +checkov +for the Terraform check: bash terraform/checkov.sh install");
    // the exit code says whether up can run: only a missing Python for Superset stops it here
    assertThat(doctor.exitValue()).isEqualTo(out.contains("MISSING") ? 1 : 0);
    assertThat(tmp.resolve("h")).as("doctor creates nothing").doesNotExist();
    assertThat(tmp.resolve("empty-cache")).as("nor installs anything").doesNotExist();
  }
}
