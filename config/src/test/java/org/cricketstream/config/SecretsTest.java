package org.cricketstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
  @TempDir Path dir;

  @Test
  void aSecretIsGeneratedOnceIntoAFileOnlyItsOwnerReads() throws Exception {
    Path file = dir.resolve("secrets/db");
    String first = Secrets.kept(file);
    assertThat(first).hasSize(32).matches("[A-Za-z0-9_-]+");
    assertThat(Secrets.kept(file)).isEqualTo(first);
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(file.getParent()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Secrets.kept(dir.resolve("secrets/other"))).isNotEqualTo(first);
  }

  @Test
  void aFolderThatExistsKeepsItsMode() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Secrets.kept(dir.resolve("key"));
    assertThat(Files.getPosixFilePermissions(dir))
        .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void anEmptySecretFileIsRefusedNamingIt() throws Exception {
    Path file = Files.createFile(dir.resolve("empty"));
    assertThatThrownBy(() -> Secrets.kept(file)).hasMessageContaining(file.toString());
  }

  @Test
  void privateFilesAndFolders() throws Exception {
    Path log = Secrets.privateFile(Secrets.privateFolder(dir.resolve("logs")).resolve("a.log"));
    assertThat(Files.getPosixFilePermissions(log))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(log.getParent()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
  }
}
