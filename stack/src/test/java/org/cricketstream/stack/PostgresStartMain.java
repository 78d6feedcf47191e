package org.cricketstream.stack;

import java.nio.file.Path;

/**
 * Starts {@link LocalPostgres} on a data directory in a process of its own, prints {@value #READY}
 * and the port once it answers, and stops it: for tests of what a start leaves behind when its
 * process dies.
 */
public final class PostgresStartMain {
  public static final String READY = "PostgreSQL ready on port ";

  private PostgresStartMain() {}

  public static void main(String[] args) {
    try (LocalPostgres postgres = LocalPostgres.start(Path.of(args[0]))) {
      System.out.println(READY + postgres.port());
    }
  }
}
