package org.cricketstream.cli.up;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.cricketstream.config.Secrets;

/**
 * A child's log, capped in size: past {@code maxBytes} it is rolled over to {@code <log>.1}, the
 * older ones to {@code .2} .. {@code .<keep>}, and the oldest is dropped. The supervisor writes
 * what the child prints (the child never holds the file), so a long run cannot fill the disk. Every
 * file is readable by its owner alone (0600): logs may show addresses and user names.
 */
final class LogFile implements AutoCloseable {
  private final Path path;
  private final long maxBytes;
  private final int keep;
  private OutputStream out;
  private long size;

  LogFile(Path path, long maxBytes, int keep) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.keep = keep;
    open();
  }

  Path path() {
    return path;
  }

  /** Appends, rolling over first when the log would grow past its cap. */
  synchronized void write(byte[] bytes, int offset, int length) {
    try {
      if (size > 0 && size + length > maxBytes) {
        roll();
      }
      out.write(bytes, offset, length);
      out.flush();
      size += length;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  synchronized void write(String text) {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    write(bytes, 0, bytes.length);
  }

  private void roll() throws IOException {
    out.close();
    Files.deleteIfExists(rolled(keep));
    for (int i = keep - 1; i >= 1; i--) {
      if (Files.exists(rolled(i))) {
        Files.move(rolled(i), rolled(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(path, rolled(1), StandardCopyOption.REPLACE_EXISTING);
    open();
  }

  /** The {@code n}th rolled-over log, {@code <log>.n}. */
  Path rolled(int n) {
    return rolled(path, n);
  }

  private static Path rolled(Path log, int n) {
    return log.resolveSibling(log.getFileName() + "." + n);
  }

  /**
   * A log and the logs it rolled over into that exist, oldest first ({@code <log>.1} is newest).
   */
  static List<Path> oldestFirst(Path log) {
    List<Path> logs = new ArrayList<>();
    for (int n = 1; Files.exists(rolled(log, n)); n++) {
      logs.add(0, rolled(log, n));
    }
    logs.add(log);
    return logs;
  }

  private void open() {
    try {
      Secrets.privateFolder(path.getParent());
      Secrets.privateFile(path);
      out = Files.newOutputStream(path, StandardOpenOption.APPEND);
      size = Files.size(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + path, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      // nothing more is written
    }
  }
}
