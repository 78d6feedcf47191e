package org.cricketstream.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.cricketstream.cli.up.Stack;
import org.cricketstream.cli.up.StackHome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./cricket doctor}: what {@code up} checks, and what is installed, without starting. */
@Command(
    name = "doctor",
    header = "Checks what is installed and what up needs.",
    footerHeading = "%nExamples:%n",
    footer = {"  ./cricket doctor", "  ./cricket doctor --home /tmp/stack --no-superset"},
    mixinStandardHelpOptions = true,
    description = {
      "Makes the checks ./cricket up makes before it starts anything (settings, ports, the home,",
      "Python for Superset, disk space) and lists what is installed and cached: the build,",
      "Superset's and LocalStack's environments, the Lambda runtime emulator, Chromium and its",
      "driver for the browser test, checkov. Starts nothing. Each line that is not ok says how to",
      "fix it. Exits 0 when up can run, 1 when something it needs is missing or wrong."
    })
final class DoctorCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin HomeOption home;

  @Option(names = "--no-superset", description = "check for a stack without Superset")
  boolean noSuperset;

  @Option(
      names = "--aws",
      defaultValue = "embedded",
      description = "check for S3 and SQS from: embedded (default), localstack, or external")
  Stack.Aws aws;

  /**
   * One line of the report.
   *
   * @param ok whether it is there and right
   * @param required whether up cannot run without it (else it is optional, or installed by up)
   */
  record Check(String name, boolean ok, boolean required, String detail) {
    String state() {
      return ok ? "ok" : required ? "MISSING" : "not yet";
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Check> checks = checks(new Tools(Settings.root()));
    for (Check c : checks) {
      out.printf("%-8s %-15s %s%n", c.state(), c.name(), c.detail());
    }
    long missing = checks.stream().filter(c -> c.required() && !c.ok()).count();
    out.println(
        missing == 0
            ? "./cricket up can run."
            : missing + " thing(s) ./cricket up needs are missing or wrong: see above.");
    out.flush();
    return missing == 0 ? 0 : 1;
  }

  List<Check> checks(Tools tools) {
    List<Check> checks = new ArrayList<>();
    int java = Runtime.version().feature();
    checks.add(
        new Check(
            "java",
            java >= 17,
            true,
            "Java " + Runtime.version() + (java >= 17 ? "" : ": install a JDK 17 or newer")));
    Path jar = Settings.root().resolve("cli/target/cricket-cli.jar");
    checks.add(
        new Check(
            "build",
            Files.exists(jar),
            true,
            Files.exists(jar) ? jar.toString() : "not built: ./cricket builds it on first use"));

    StackHome stackHome = new StackHome(home.dir);
    Stack.Options options =
        new Stack.Options(List.of(), 0, 0, 1, aws, !noSuperset, System.getenv());
    Optional<Long> holder = stackHome.lockHolder();
    List<String> homeProblems = Preflight.home(stackHome);
    checks.add(
        new Check(
            "home",
            homeProblems.isEmpty(),
            true,
            homeProblems.isEmpty()
                ? stackHome.dir()
                    + holder
                        .map(pid -> ": in use by the running ./cricket up (pid " + pid + ")")
                        .orElse("")
                : homeProblems.get(0)));
    List<String> settings = Preflight.settings(System.getenv());
    checks.add(
        new Check(
            "settings",
            settings.isEmpty(),
            true,
            settings.isEmpty() ? "every setting in the environment is valid" : settings.get(0)));
    for (int i = 1; i < settings.size(); i++) {
      checks.add(new Check("settings", false, true, settings.get(i)));
    }
    if (holder.isPresent()) {
      checks.add(new Check("ports", true, true, "held by the running stack of this home"));
    } else {
      List<String> ports = Preflight.ports(stackHome, options);
      checks.add(
          new Check(
              "ports",
              ports.isEmpty(),
              true,
              ports.isEmpty()
                  ? "free (or taken from a free range on the first start)"
                  : ports.get(0)));
      for (int i = 1; i < ports.size(); i++) {
        checks.add(new Check("ports", false, true, ports.get(i)));
      }
    }
    Optional<Long> free = Preflight.usableSpace(stackHome.dir());
    checks.add(
        new Check(
            "disk",
            free.map(f -> f >= Preflight.BASE_DISK_BYTES).orElse(true),
            true,
            free.map(f -> (f >> 20) + " MB free under the home").orElse("free space unknown")
                + " (the stack needs about 2 GB and 12 times the data's size)"));

    Optional<String> superset = tools.supersetInstalled();
    Optional<String> python = superset.isPresent() ? Optional.empty() : tools.pythonForSuperset();
    checks.add(
        new Check(
            "superset",
            superset.isPresent(),
            !noSuperset && python.isEmpty(),
            superset
                .map(v -> "installed: " + v)
                .orElse(
                    python
                        .map(
                            p ->
                                "not installed yet: up installs it on its first start (minutes),"
                                    + " or now: bash superset/superset.sh install (with "
                                    + p
                                    + ")")
                        .orElse(
                            "no Python 3.10 to 3.12 to install it with: install one (or set"
                                + " SUPERSET_PYTHON), or run up --no-superset"))));
    Optional<String> registry = tools.registryInstalled();
    Optional<String> registryJava = tools.javaForRegistry();
    checks.add(
        new Check(
            "registry",
            registry.isPresent() && registryJava.isPresent(),
            registryJava.isEmpty()
                && System.getenv(org.cricketstream.config.Shared.SCHEMA_REGISTRY_URL.name())
                    == null,
            registryJava.isEmpty()
                ? "Apicurio Registry needs Java 21 or newer: install one (or set REGISTRY_JAVA), or"
                    + " give an external SCHEMA_REGISTRY_URL"
                : registry
                    .map(v -> "installed: " + v + ", runs on " + registryJava.get())
                    .orElse(
                        "not installed yet: up installs it on its first start (about 160 MB from"
                            + " Maven Central), or now: bash registry/registry.sh install")));
    Optional<String> emulator = tools.runtimeEmulatorInstalled();
    Optional<String> go = emulator.isPresent() ? Optional.empty() : tools.onPath("go", "version");
    checks.add(
        new Check(
            "lambda runtime",
            emulator.isPresent(),
            false,
            emulator
                .map(v -> "Runtime Interface Emulator: " + v)
                .orElse(
                    go.isPresent()
                        ? "not installed yet: the Lambda runner installs it on first use, or now:"
                            + " bash lambda-yaml-emitter/runtime-emulator.sh install"
                        : "not installed, and no Go to build it: the Lambda runs in-process"
                            + " until Go is installed")));
    Optional<String> localstack = tools.localstackInstalled();
    checks.add(
        new Check(
            "localstack",
            localstack.isPresent(),
            aws == Stack.Aws.LOCALSTACK,
            localstack
                .map(v -> "installed: " + v)
                .orElse("for --aws localstack: bash localstack/localstack.sh install")));
    Optional<String> chromium = tools.onPath("chromium", "--version");
    Optional<String> driver = tools.onPath("chromedriver", "--version");
    checks.add(
        new Check(
            "chromium",
            chromium.isPresent() && driver.isPresent(),
            false,
            chromium.isPresent() && driver.isPresent()
                ? chromium.get() + ", " + driver.get()
                : "for the dashboards' browser test: apt-get install chromium chromium-driver"));
    Optional<String> checkov = tools.checkovInstalled();
    checks.add(
        new Check(
            "checkov",
            checkov.isPresent(),
            false,
            checkov
                .map(v -> "installed: " + v)
                .orElse("for the Terraform check: bash terraform/checkov.sh install")));
    Optional<String> maven = tools.onPath("mvn", "--version");
    checks.add(
        new Check(
            "maven",
            maven.isPresent(),
            false,
            maven.orElse("to build and run the tests: install Maven 3.8 or newer")));
    return checks;
  }
}
