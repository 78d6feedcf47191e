package org.cricketstream.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.cricketstream.config.SettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two supervisors on one home: the second is refused, told the pid of the first. */
class HomeLockTest {
  @TempDir Path home;

  @Test
  void aSecondSupervisorOnOneHomeIsRefusedWithThePidOfTheFirst() throws Exception {
    Process first = holder();
    try {
      assertThatThrownBy(() -> new StackHome(home).lock())
          .isInstanceOf(SettingException.class)
          .hasMessageContaining("is in use by ./cricket up (pid " + first.pid() + ")")
          .hasMessageContaining("stop it first, or give another --home");
      assertThat(new StackHome(home).lockHolder()).contains(first.pid());
    } finally {
      first.destroyForcibly().waitFor();
    }
    // the operating system frees the lock of a killed holder: the home can be taken again
    StackHome.Lock lock = new StackHome(home).lock();
    try {
      assertThat(new StackHome(home).lockHolder()).contains(ProcessHandle.current().pid());
    } finally {
      lock.close();
    }
  }

  @Test
  void upOnAHomeInUseSaysWhoseItIsBeforeAnythingElse() throws Exception {
    Process first = holder();
    try {
      Process second =
          new ProcessBuilder(
                  org.cricketstream.cli.CricketProcessAccess.command(
                      "up", "--home", home.toString(), "--no-superset"))
              .redirectErrorStream(true)
              .start();
      String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(second.waitFor()).isEqualTo(2);
      assertThat(out)
          .contains("is in use by ./cricket up (pid " + first.pid() + ")")
          .contains("Nothing was started")
          .doesNotContain("port");
    } finally {
      first.destroyForcibly().waitFor();
    }
  }

  private Process holder() throws Exception {
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    HoldsHome.class.getName(),
                    home.toString()))
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("holding");
    return p;
  }
}
