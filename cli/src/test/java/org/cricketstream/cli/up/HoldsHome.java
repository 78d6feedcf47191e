package org.cricketstream.cli.up;

import java.nio.file.Path;

/** Takes a home's lock as {@code ./cricket up} does, says so, and holds it until killed. */
public final class HoldsHome {
  private HoldsHome() {}

  public static void main(String[] args) throws InterruptedException {
    StackHome.Lock lock = new StackHome(Path.of(args[0])).lock();
    System.out.println("holding");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
    lock.close();
  }
}
