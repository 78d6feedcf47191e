package org.cricketstream.cli.up;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A supervisor in a process of its own, for {@link SupervisorGoneIT} to kill with -9: starts
 * PostgreSQL and Apicurio Registry (programs the supervisor runs as they are) and MongoDB's server
 * (a JVM of the stack's own), says {@code supervising} once all are healthy, then waits.
 *
 * <p>Arguments: the stack home, the checkout whose registry script runs the registry, and the ports
 * of PostgreSQL, MongoDB, the registry and its management endpoint.
 */
final class SupervisorHost {
  private SupervisorHost() {}

  public static void main(String[] args) throws Exception {
    StackHome home = new StackHome(Path.of(args[0]));
    Path checkout = Path.of(args[1]);
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    Supervisor supervisor = new Supervisor(home, SupervisorSettings.fromEnvironment(Map.of()), out);
    supervisor.start(Components.postgres(home.resolve("postgres"), Integer.parseInt(args[2])));
    supervisor.start(Components.mongo(home.resolve("mongo"), Integer.parseInt(args[3])));
    supervisor.start(
        Components.registry(
            checkout,
            home.resolve("registry"),
            Integer.parseInt(args[4]),
            Integer.parseInt(args[5]),
            Map.of("REGISTRY_PASSWORD", "supervisor-gone")));
    out.println("supervising");
    Thread.sleep(Long.MAX_VALUE);
  }
}
