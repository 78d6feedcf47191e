package org.cricketstream.cli.chaos;

import java.time.Duration;

/**
 * A fault {@code ./cricket chaos} injects into a stack of its own, mid-replay. Each names what it
 * does to which component; {@link ChaosRun} carries it out.
 */
public enum Fault {
  /** The broker held down with SIGSTOP (not restarted meanwhile), then resumed with SIGCONT. */
  BROKER_PAUSED("kafka", "the Kafka broker held down (SIGSTOP) for 3 minutes, then resumed"),
  /**
   * The bridge, the processor and the sink killed with SIGKILL, each once the one before is back.
   */
  SERVICES_KILLED(
      "bridge,processor,sink", "the bridge, the processor and the sink killed with -9 in turn"),
  /** The Connect worker's process tree killed with SIGKILL; the supervisor restarts it. */
  CONNECT_KILLED("connect", "the Kafka Connect worker killed with -9"),
  /** The schema registry's process tree killed with SIGKILL; the supervisor restarts it. */
  REGISTRY_KILLED("registry", "the schema registry killed with -9"),
  /** The ODI source database stopped (SIGTERM); the supervisor starts it again. */
  POSTGRES_RESTARTED("postgres", "PostgreSQL restarted"),
  /** The T20I source database stopped (SIGTERM); the supervisor starts it again. */
  MONGO_RESTARTED("mongo", "the MongoDB server restarted"),
  /** S3 and SQS killed with SIGKILL while the bridge has notifications to receive. */
  AWS_KILLED("aws", "the S3/SQS component killed with -9, notifications in flight"),
  /** Every process of the stack killed with SIGKILL, the supervisor first; then up again. */
  STACK_KILLED("up", "the whole stack killed with -9, supervisor included, then up again"),
  /** A poison record into each source; each must end where it can be inspected. */
  POISON(
      "sources",
      "poison: a deeply nested YAML object in S3, a MongoDB document over the topic limit,"
          + " an ODI row the processor refuses"),
  /**
   * The sink killed while another writer holds the warehouse, so every restart fails on start: it
   * is given up as crash-looping while the processor, killed meanwhile, is restarted on its own;
   * then the writer lets go and up runs again.
   */
  CRASH_ON_START(
      "sink",
      "the sink crash-looping on start (the warehouse held by another writer) while the processor"
          + " is killed and restarted; then up again"),
  /** A clean topic deleted and created again under the running sink. */
  TOPIC_RECREATED("sink", "the clean topic deliveries deleted and created again under the sink"),
  /**
   * On a cluster ({@code --brokers 3 --connect-workers 2 --processors 2}): a broker, a Connect
   * worker and a processor instance killed with -9 in turn, each once the one before is back; then
   * every partition back in sync (none under-replicated).
   */
  MEMBERS_KILLED(
      "kafka-2,connect-2,processor-2",
      "on a cluster: a broker, a Connect worker and a processor instance killed with -9 in turn,"
          + " then every partition back in sync");

  /** How long {@link #BROKER_PAUSED} holds the broker down. */
  public static final Duration BROKER_DOWN = Duration.ofMinutes(3);

  private final String component;
  private final String description;

  Fault(String component, String description) {
    this.component = component;
    this.description = description;
  }

  /** The component it strikes, as {@code up} names it (its log is logs/NAME.log). */
  public String component() {
    return component;
  }

  /** Whether it strikes the second of several brokers, workers and processors (up --brokers). */
  public boolean needsCluster() {
    return this == MEMBERS_KILLED;
  }

  /** The components it strikes, in turn. */
  public java.util.List<String> components() {
    return java.util.List.of(component.split(","));
  }

  public String description() {
    return description;
  }

  /** Its name on the command line: {@code broker-paused}. */
  public String cliName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** The fault of a command-line name. */
  public static Fault of(String cliName) {
    for (Fault f : values()) {
      if (f.cliName().equals(cliName)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "no fault " + cliName + " (known: " + java.util.Arrays.toString(cliNames()) + ")");
  }

  public static String[] cliNames() {
    return java.util.Arrays.stream(values()).map(Fault::cliName).toArray(String[]::new);
  }
}
