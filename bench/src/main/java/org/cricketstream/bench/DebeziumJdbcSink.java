package org.cricketstream.bench;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cricketstream.topics.Json;

/**
 * Debezium's JDBC sink connector (3.4.0.Final) running in Kafka Connect standalone (4.3.1) inside
 * this JVM. Connect and the connector are not on the application's class path (they would clash
 * with the sources' Debezium 3.4.3): the build copies them to {@code bench/target/connect/}, and
 * they are loaded here in a class loader of their own whose parent is the application's, so Kafka's
 * clients and Jackson are shared. The connector is found by Connect's class-path scan ({@code
 * plugin.discovery=only_scan}) and created through Connect's REST API on 127.0.0.1.
 */
final class DebeziumJdbcSink implements AutoCloseable {
  private final URLClassLoader loader;
  private final Object connect;
  private final URI rest;
  private final HttpClient http = HttpClient.newHttpClient();

  private DebeziumJdbcSink(URLClassLoader loader, Object connect, URI rest) {
    this.loader = loader;
    this.connect = connect;
    this.rest = rest;
  }

  /** Starts a standalone worker against the broker, offsets kept in {@code workDir}. */
  static DebeziumJdbcSink start(Path jars, String bootstrapServers, Path workDir) throws Exception {
    List<URL> urls = new ArrayList<>();
    try (Stream<Path> list = Files.list(jars)) {
      for (Path jar : list.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        urls.add(jar.toUri().toURL());
      }
    }
    if (urls.isEmpty()) {
      throw new IOException(
          "no jars in " + jars + ": build the warehouse module (mvn package -pl warehouse)");
    }
    URLClassLoader loader = new ChildFirst(urls.toArray(URL[]::new));
    Map<String, String> worker = new LinkedHashMap<>();
    worker.put("bootstrap.servers", bootstrapServers);
    worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    worker.put("key.converter.schemas.enable", "true");
    worker.put("value.converter.schemas.enable", "true");
    worker.put("offset.storage.file.filename", workDir.resolve("connect.offsets").toString());
    worker.put("offset.flush.interval.ms", "1000");
    worker.put("plugin.discovery", "only_scan");
    worker.put("listeners", "http://127.0.0.1:0");
    worker.put("rest.advertised.host.name", "127.0.0.1");
    Path props = workDir.resolve("worker.properties");
    Files.createDirectories(workDir);
    StringBuilder text = new StringBuilder();
    worker.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Files.writeString(props, text);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Class<?> cli = loader.loadClass("org.apache.kafka.connect.cli.ConnectStandalone");
      Object standalone =
          cli.getConstructor(String[].class).newInstance((Object) new String[] {props.toString()});
      Method startConnect = cli.getMethod("startConnect", Map.class);
      Object connect = startConnect.invoke(standalone, worker);
      Object restServer = connect.getClass().getMethod("rest").invoke(connect);
      URI url = (URI) restServer.getClass().getMethod("advertisedUrl").invoke(restServer);
      return new DebeziumJdbcSink(loader, connect, url);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /**
   * Loads its own jars first: the application may carry other versions of the same libraries (the
   * sources' Debezium 3.4.3, Kafka Connect), and the JDBC sink only works with 3.4.0 throughout.
   * What it lacks (Kafka's clients, Jackson's core, the PostgreSQL driver) comes from the
   * application; logging is always the application's.
   */
  private static final class ChildFirst extends URLClassLoader {
    ChildFirst(URL[] urls) {
      super("debezium-jdbc-sink", urls, DebeziumJdbcSink.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("java.") || name.startsWith("org.slf4j.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          try {
            loaded = findClass(name);
          } catch (ClassNotFoundException e) {
            loaded = getParent().loadClass(name);
          }
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }

    @Override
    public URL getResource(String name) {
      URL own = findResource(name);
      return own != null ? own : super.getResource(name);
    }

    /**
     * Service registrations only from its own jars: the application's (the sources' Debezium 3.4.3
     * PostgreSQL connector, say) name classes of other versions, which fail to load here.
     */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      if (name.startsWith("META-INF/services/")) {
        return findResources(name);
      }
      List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
      for (URL url : Collections.list(getParent().getResources(name))) {
        if (!all.contains(url)) {
          all.add(url);
        }
      }
      return Collections.enumeration(all);
    }
  }

  /** Creates (or replaces) a connector with the given configuration. */
  void putConnector(String name, Map<String, String> config)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(rest.resolve("/connectors/" + name + "/config"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(60))
            .PUT(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(config)))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          "creating connector " + name + ": " + response.statusCode() + " " + response.body());
    }
  }

  /** The connector's status as Connect reports it (JSON text). */
  String status(String name) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(rest.resolve("/connectors/" + name + "/status"))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  @Override
  public void close() throws IOException, ReflectiveOperationException {
    try {
      connect.getClass().getMethod("stop").invoke(connect);
    } finally {
      loader.close();
    }
  }
}
