package org.cricketstream.lambda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The function in a real Lambda runtime, as AWS's Java base image runs it: the AWS Lambda Runtime
 * Interface Emulator (a Go program, {@value #SCRIPT} installs it) serves Lambda's invoke API and
 * Runtime API on 127.0.0.1 and starts the bootstrap, a JVM with the runtime interface client
 * ({@value #RUNTIME_CLIENT_MAIN}) that polls the Runtime API and loads the handler from the
 * deployment package, unpacked as Lambda unpacks it. The emulator enforces the timeout (it kills
 * the runtime and starts a fresh one for the next invocation) and reports errors as Lambda's invoke
 * API does. One emulator is one execution environment: it takes one invocation at a time.
 */
public final class RuntimeEmulator implements Invoker {
  /** The main class of the runtime interface client, the bootstrap of AWS's Java images. */
  public static final String RUNTIME_CLIENT_MAIN =
      "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

  /** Installs the emulator (pinned, cached) and says where it is, in a checkout. */
  public static final String SCRIPT = "lambda-yaml-emitter/runtime-emulator.sh";

  private static final String HOST = "127.0.0.1";
  private static final String INVOCATIONS = "/2015-03-31/functions/function/invocations";
  private static final Pattern TIMED_OUT = Pattern.compile("^Task timed out after .*");

  /**
   * What runs.
   *
   * @param lambdaJar the deployment package (Terraform's filename)
   * @param runtimeLibraries the runtime interface client's jars (AWS's /var/runtime/lib)
   * @param handler the handler string (Terraform's handler)
   * @param runtime the Lambda runtime (Terraform's runtime, e.g. java21), for AWS_EXECUTION_ENV
   */
  public record Deployment(Path lambdaJar, Path runtimeLibraries, String handler, String runtime) {
    /** The build outputs of lambda-yaml-emitter in a checkout; fails saying how to build them. */
    public static Deployment inCheckout(Path checkout, String handler, String runtime) {
      Path target = checkout.resolve("lambda-yaml-emitter/target");
      Deployment deployment =
          new Deployment(
              target.resolve("lambda-yaml-emitter-lambda.jar"),
              target.resolve("lambda-runtime"),
              handler,
              runtime);
      for (Path built : List.of(deployment.lambdaJar(), deployment.runtimeLibraries())) {
        if (!Files.exists(built)) {
          throw new IllegalStateException(
              built + " is missing: build it with mvn -B package -pl lambda-yaml-emitter -am");
        }
      }
      return deployment;
    }
  }

  private final Process process;
  private final Path taskRoot;
  private final URI invocations;
  private final LocalLambdaRunner.Function function;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private boolean closed;

  private RuntimeEmulator(
      Process process, Path taskRoot, int port, LocalLambdaRunner.Function function) {
    this.process = process;
    this.taskRoot = taskRoot;
    this.invocations = URI.create("http://" + HOST + ":" + port + INVOCATIONS);
    this.function = function;
  }

  /** Why the emulator cannot run from {@code checkout}, or empty if it can. */
  public static Optional<String> unavailable(Path checkout) {
    return script(checkout, "path", null).right();
  }

  /** Installs the emulator if needed (go install, about a minute once); its binary. */
  public static Path install(Path checkout, PrintStream out) {
    Either installed = script(checkout, "install", out);
    if (installed.right().isPresent()) {
      throw new IllegalStateException(installed.right().get());
    }
    Either path = script(checkout, "path", null);
    return Path.of(path.left().orElseThrow(() -> new IllegalStateException(path.right().get())));
  }

  private record Either(Optional<String> left, Optional<String> right) {}

  /** Runs the script; left: its last output line on success, right: why it failed. */
  private static Either script(Path checkout, String command, PrintStream out) {
    Path script = checkout.resolve(SCRIPT);
    if (!Files.isRegularFile(script)) {
      return new Either(Optional.empty(), Optional.of("no " + script));
    }
    try {
      Process p = new ProcessBuilder("bash", script.toString(), command).start();
      List<String> lines = new ArrayList<>();
      Thread errors = pump(p.getErrorStream(), lines, out);
      List<String> output = new ArrayList<>();
      pump(p.getInputStream(), output, out).join();
      errors.join();
      int code = p.waitFor();
      if (code == 0 && !output.isEmpty()) {
        return new Either(Optional.of(output.get(output.size() - 1)), Optional.empty());
      }
      lines.addAll(output);
      return new Either(
          Optional.empty(),
          Optional.of(script + " " + command + " failed (exit " + code + "): " + lines));
    } catch (IOException e) {
      return new Either(Optional.empty(), Optional.of("cannot run " + script + ": " + e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Either(Optional.empty(), Optional.of("interrupted"));
    }
  }

  /**
   * Starts the emulator with the deployment unpacked into a fresh task root; the runtime itself
   * starts on the first invocation (an on-demand init, as on Lambda).
   *
   * @param environment the function's environment (Terraform's variables, pointed at this side)
   * @param javaHome the JDK the runtime runs on
   * @param out where the emulator's and the function's output goes
   */
  public static RuntimeEmulator start(
      Path emulator,
      Deployment deployment,
      LocalLambdaRunner.Function function,
      Map<String, String> environment,
      Path javaHome,
      PrintStream out) {
    long timeoutSeconds = function.timeout().toSeconds();
    if (timeoutSeconds < 1 || function.timeout().toMillis() % 1000 != 0) {
      throw new IllegalArgumentException(
          "a Lambda timeout is whole seconds, at least 1: " + function.timeout());
    }
    Path taskRoot;
    try {
      taskRoot = Files.createTempDirectory("cricket-lambda-task");
      unpack(deployment.lambdaJar(), taskRoot);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + deployment.lambdaJar(), e);
    }
    int[] ports = freePorts();
    int port = ports[0];
    List<String> command = new ArrayList<>();
    command.add(emulator.toString());
    command.add("--runtime-interface-emulator-address");
    command.add(HOST + ":" + port);
    command.add("--runtime-api-address");
    command.add(HOST + ":" + ports[1]);
    command.addAll(bootstrap(deployment, function, environment, javaHome));
    ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile());
    Map<String, String> env = builder.environment();
    // the function sees its own environment and Lambda's reserved variables, nothing of ours
    env.clear();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");
    env.putAll(environment);
    env.put("_HANDLER", deployment.handler());
    env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
    env.put("LAMBDA_RUNTIME_DIR", deployment.runtimeLibraries().toString());
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + deployment.runtime());
    env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
    env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", Long.toString(timeoutSeconds));
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/[$LATEST]" + port);
    env.put("AWS_REGION", function.region());
    env.put("AWS_DEFAULT_REGION", function.region());
    builder.redirectErrorStream(true);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      deleteQuietly(taskRoot);
      throw new UncheckedIOException("cannot start the Runtime Interface Emulator " + emulator, e);
    }
    pump(process.getInputStream(), null, out);
    RuntimeEmulator started = new RuntimeEmulator(process, taskRoot, port, function);
    started.awaitListening(emulator);
    out.printf(
        "Lambda runtime: %s (pid %d) on http://%s:%d, bootstrap %s %s (%s, %d MB)%n",
        emulator.getFileName(),
        process.pid(),
        HOST,
        port,
        RUNTIME_CLIENT_MAIN,
        deployment.handler(),
        deployment.runtime(),
        function.memoryMb());
    return started;
  }

  /**
   * The bootstrap command, as AWS's Java base image starts the runtime: the runtime interface
   * client's jars only on the class path (the handler is loaded from the task root), the heap,
   * metaspace and code cache sized from the function's memory (85, 10 and 5 per cent), serial GC,
   * and the client compiler only, Lambda's default for its java17 and java21 runtimes. The JVM is
   * told the machine's memory is the function's ({@code -XX:MaxRAM}), as the execution
   * environment's limit tells it on Lambda: otherwise it would size its initial heap from this
   * machine's memory (1/64 of 24 GB, 384 MB, where Lambda gives it 1/64 of 512 MB). The handler
   * string comes last: the emulator takes its last argument as the handler.
   */
  static List<String> bootstrap(
      Deployment deployment,
      LocalLambdaRunner.Function function,
      Map<String, String> environment,
      Path javaHome) {
    long memoryKb = function.memoryMb() * 1024L;
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin/java").toString());
    command.add("-XX:MaxHeapSize=" + memoryKb * 85 / 100 + "k");
    command.add("-XX:MaxMetaspaceSize=" + memoryKb * 10 / 100 + "k");
    command.add("-XX:ReservedCodeCacheSize=" + memoryKb * 5 / 100 + "k");
    command.add("-XX:MaxRAM=" + memoryKb + "k");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:+TieredCompilation");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Xshare:auto");
    command.add("-Djava.net.preferIPv4Stack=true");
    if (environment.keySet().stream().anyMatch(k -> k.startsWith("AWS_ENDPOINT_URL"))) {
      // a local S3 (S3Proxy) closes idle connections the JDK's client would reuse for a PUT
      command.add("-Dhttp.keepAlive=false");
    }
    command.add("-cp");
    command.add(deployment.runtimeLibraries().resolve("*").toString());
    command.add(RUNTIME_CLIENT_MAIN);
    command.add(deployment.handler());
    return command;
  }

  @Override
  public Invocation invoke(String eventJson) {
    HttpRequest request =
        HttpRequest.newBuilder(invocations)
            .timeout(function.timeout().plusSeconds(60)) // an init may come first
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(eventJson))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(
          "the Runtime Interface Emulator at "
              + invocations
              + (process.isAlive() ? "" : " has exited (" + process.exitValue() + ")")
              + ": "
              + e,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while invoking " + function.name(), e);
    }
    return outcome(
        response.statusCode(),
        response.headers().firstValue("X-Amz-Function-Error"),
        response.body());
  }

  /**
   * The invoke API's answer as an outcome. Lambda marks a function error with the
   * X-Amz-Function-Error header; the emulator answers 200 with the error document alone (or 502
   * when the init failed), and with a plain "Task timed out after N.00 seconds" on a timeout.
   */
  static Invocation outcome(int status, Optional<String> functionError, String body) {
    if (status == 200 && TIMED_OUT.matcher(body).matches()) {
      return new Invocation(Outcome.TIMED_OUT, body);
    }
    boolean errorDocument = field(body, "errorType") != null && field(body, "errorMessage") != null;
    if (functionError.isPresent() || ((status == 200 || status == 502) && errorDocument)) {
      return new Invocation(Outcome.FAILED, body);
    }
    if (status != 200) {
      throw new IllegalStateException(
          "the Runtime Interface Emulator answered HTTP " + status + ": " + body);
    }
    return new Invocation(Outcome.SUCCEEDED, body);
  }

  @Override
  public boolean concurrent() {
    return false;
  }

  /** The emulator's process (its child is the runtime's JVM). */
  public ProcessHandle process() {
    return process.toHandle();
  }

  /** Stops the runtime and the emulator, and removes the task root. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    deleteQuietly(taskRoot);
  }

  private void awaitListening(Path emulator) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        close();
        throw new IllegalStateException(
            emulator + " exited (" + process.exitValue() + ") before listening; see output above");
      }
      try (Socket socket = new Socket(loopback(), invocations.getPort())) {
        if (socket.isConnected()) {
          return;
        }
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    close();
    throw new IllegalStateException(emulator + " did not listen on " + invocations);
  }

  /** Unpacks the deployment package, as Lambda unpacks it into /var/task. */
  static void unpack(Path jar, Path into) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException(jar + ": entry " + entry.getName() + " leaves the task root");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target);
        }
      }
    }
  }

  /** Copies a stream's lines to {@code out} and, if given, to {@code lines}, on a daemon thread. */
  private static Thread pump(InputStream in, List<String> lines, PrintStream out) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                  if (lines != null) {
                    lines.add(line);
                  }
                  if (out != null) {
                    out.println(line);
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "lambda-runtime-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Two different ports free on the loopback: both held while drawn, so never the same one. */
  private static int[] freePorts() {
    try (ServerSocket first = new ServerSocket(0, 1, loopback());
        ServerSocket second = new ServerSocket(0, 1, loopback())) {
      return new int[] {first.getLocalPort(), second.getLocalPort()};
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }

  /** 127.0.0.1 itself, never an IPv6 or other address of the host. */
  private static InetAddress loopback() throws IOException {
    return InetAddress.getByAddress(HOST, new byte[] {127, 0, 0, 1});
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder: left for the system to clean
    }
  }

  /** Lambda's error document for an exception: {"errorMessage", "errorType"}. */
  static String errorJson(Throwable e) {
    return "{\"errorMessage\":\""
        + escape(String.valueOf(e.getMessage()))
        + "\",\"errorType\":\""
        + escape(e.getClass().getName())
        + "\"}";
  }

  /** A top-level string field of a small JSON document, or null. */
  static String field(String json, String name) {
    Matcher m =
        Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
            .matcher(json);
    return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : null;
  }

  private static String escape(String text) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
