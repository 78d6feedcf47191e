package org.cricketstream.cli.up;

/**
 * A JVM run as the supervisor runs a component ({@link Supervised}) whose shutdown hook never
 * finishes, as a sink's can while it waits on a Kafka that is gone: for {@link SupervisorGoneIT}.
 */
final class HangingOnStop {
  private HangingOnStop() {}

  public static void main(String[] args) throws InterruptedException {
    Supervised.stopWhenSupervisorIsGone(System.in, System.getenv());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    Thread.sleep(Long.MAX_VALUE);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "never-done"));
    System.out.println("watching");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
