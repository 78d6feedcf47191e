package org.cricketstream.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cricketstream.stack.ShortCommand;

/**
 * What is installed and cached on this machine, asked of the project's own install scripts (each
 * has a subcommand that prints where its cached environment is, or exits 1) and of PATH.
 */
class Tools {
  private static final Pattern PYTHON_VERSION = Pattern.compile("Python 3\\.(\\d+)");

  private final Path root;

  Tools(Path root) {
    this.root = root;
  }

  /** Superset's cached virtual environment, if installed. */
  Optional<String> supersetInstalled() {
    return script("superset/superset.sh", "venv");
  }

  /** LocalStack's cached virtual environment, if installed. */
  Optional<String> localstackInstalled() {
    return script("localstack/localstack.sh", "venv");
  }

  /** The Runtime Interface Emulator's binary, if installed. */
  Optional<String> runtimeEmulatorInstalled() {
    return script("lambda-yaml-emitter/runtime-emulator.sh", "path");
  }

  /** Apicurio Registry's unpacked server, if installed. */
  Optional<String> registryInstalled() {
    return script("registry/registry.sh", "path");
  }

  /** The Java 21+ the registry runs on, if there is one. */
  Optional<String> javaForRegistry() {
    return script("registry/registry.sh", "java");
  }

  /** checkov's cached virtual environment, if installed. */
  Optional<String> checkovInstalled() {
    return script("terraform/checkov.sh", "venv");
  }

  /** A Python Superset can use (3.10 to 3.12), as superset/superset.sh looks for one. */
  Optional<String> pythonForSuperset() {
    List<String> candidates = new ArrayList<>();
    String given = System.getenv("SUPERSET_PYTHON");
    if (given != null && !given.isBlank()) {
      candidates.add(given);
    }
    candidates.addAll(List.of("python3.11", "python3.12", "python3.10", "python3"));
    for (String python : candidates) {
      Optional<String> version = run(List.of(python, "--version"));
      if (version.isPresent()) {
        Matcher m = PYTHON_VERSION.matcher(version.get());
        if (m.find() && Integer.parseInt(m.group(1)) >= 10 && Integer.parseInt(m.group(1)) <= 12) {
          return Optional.of(python + " (" + version.get().strip() + ")");
        }
      }
    }
    return Optional.empty();
  }

  /** A program on PATH, by its name, with the first line of its {@code --version}. */
  Optional<String> onPath(String program, String versionFlag) {
    return run(List.of(program, versionFlag)).map(v -> program + " (" + versionLine(v) + ")");
  }

  /** The version line: the first that is not a shell warning, ANSI colours removed. */
  private static String versionLine(String text) {
    String line =
        text.replaceAll("\u001b\\[[0-9;]*m", "")
            .lines()
            .filter(l -> !l.isBlank() && !l.contains(": ["))
            .findFirst()
            .orElse("")
            .strip();
    return line.length() > 60 ? line.substring(0, 60) + "..." : line;
  }

  private Optional<String> script(String script, String command) {
    return run(List.of("bash", root.resolve(script).toString(), command)).map(String::strip);
  }

  /** Runs a short command; its output when it exits 0 within 20 s, else empty. */
  static Optional<String> run(List<String> command) {
    ShortCommand run = ShortCommand.run(command, Duration.ofSeconds(20));
    return run.succeeded() ? Optional.of(run.output()) : Optional.empty();
  }
}
