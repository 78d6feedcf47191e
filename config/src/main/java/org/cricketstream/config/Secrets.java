package org.cricketstream.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Secrets generated on this machine: each kept in its own file that only the owner may read (mode
 * 0600, set as the file is created, so there is no moment when another user could read it), in a
 * folder only the owner may enter (0700). Never printed, never passed in a command line.
 */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_FOLDER =
      PosixFilePermissions.fromString("rwx------");

  private Secrets() {}

  /**
   * The secret kept in {@code file}; generated and written there (mode 0600) on first use, in a
   * folder made private (0700) if it has to be created.
   */
  public static String kept(Path file) {
    try {
      if (!Files.exists(file)) {
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
          privateFolder(folder); // a folder it makes is private; one that exists stays as it is
        }
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
          Files.writeString(file, generate() + "\n", StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException raced) {
          // another process generated it first: read theirs
        }
      }
      String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (secret.isEmpty()) {
        throw new IllegalStateException("the secret file " + file + " is empty: remove it");
      }
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the secret " + file, e);
    }
  }

  /** A new random secret: 32 URL-safe characters (192 bits). */
  public static String generate() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Creates {@code folder} if needed and makes it the owner's alone (mode 0700). */
  public static Path privateFolder(Path folder) {
    try {
      Files.createDirectories(folder);
      Files.setPosixFilePermissions(folder, OWNER_FOLDER);
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + folder + " private", e);
    }
  }

  /** Creates {@code file} empty if needed and makes it the owner's alone (mode 0600). */
  public static Path privateFile(Path file) {
    try {
      if (!Files.exists(file)) {
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        } catch (FileAlreadyExistsException raced) {
          // created meanwhile: its mode is set below
        }
      }
      Files.setPosixFilePermissions(file, OWNER_FILE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + file + " private", e);
    }
  }
}
