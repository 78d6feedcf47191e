package org.cricketstream.cli.up;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cricketstream.bridge.BridgeSettings;
import org.cricketstream.config.Setting;
import org.cricketstream.config.Shared;
import org.cricketstream.lambda.EmitterSettings;
import org.cricketstream.sources.SourcesSettings;
import org.cricketstream.warehouse.WarehouseSettings;

/**
 * The services a user may run elsewhere, each named by its declared setting: when the environment
 * gives an address (a blank one counts as none), {@code up} uses it instead of starting a server
 * here. {@code up} and its checks before starting ask here, so they agree on what starts.
 *
 * @param given the environment {@code up} was started with
 */
public record ExternalServices(Map<String, String> given) {
  public ExternalServices {
    given = Map.copyOf(given);
  }

  /** The AWS settings {@code --aws external} takes from the environment. */
  private static final List<Setting<?>> AWS =
      List.of(
          BridgeSettings.QUEUE_URL,
          EmitterSettings.BUCKET,
          Shared.AWS_ENDPOINT_URL,
          Shared.AWS_ENDPOINT_URL_S3,
          Shared.AWS_ENDPOINT_URL_SQS);

  public Optional<String> kafka() {
    return value(Shared.KAFKA_BOOTSTRAP_SERVERS);
  }

  public Optional<String> registry() {
    return value(Shared.SCHEMA_REGISTRY_URL);
  }

  public Optional<String> postgres() {
    return value(SourcesSettings.POSTGRES_URL);
  }

  public Optional<String> mongo() {
    return value(SourcesSettings.MONGO_URI);
  }

  public Optional<String> warehouse() {
    return value(WarehouseSettings.URL);
  }

  /**
   * The queue, bucket and endpoints of an AWS account (or any endpoint) the user runs; the queue
   * and the bucket are required.
   */
  public Map<String, String> aws() {
    Map<String, String> aws = new LinkedHashMap<>();
    for (Setting<?> setting : AWS) {
      value(setting).ifPresent(v -> aws.put(setting.name(), v));
    }
    if (!aws.containsKey(BridgeSettings.QUEUE_URL.name())
        || !aws.containsKey(EmitterSettings.BUCKET.name())) {
      throw new StackException(
          "--aws external needs "
              + BridgeSettings.QUEUE_URL.name()
              + " and "
              + EmitterSettings.BUCKET.name()
              + " in the environment");
    }
    return aws;
  }

  /**
   * The servers {@code up} starts here, each with a port of the home: those the environment does
   * not give, the local S3 and SQS or LocalStack, Kafka Connect and Superset.
   */
  public List<String> serversStarted(Stack.Aws awsMode, boolean superset) {
    List<String> names = new ArrayList<>();
    if (kafka().isEmpty()) {
      names.add("kafka");
    }
    if (registry().isEmpty()) {
      names.addAll(List.of("registry", "registry-management"));
    }
    if (postgres().isEmpty()) {
      names.add("postgres");
    }
    if (mongo().isEmpty()) {
      names.add("mongo");
    }
    switch (awsMode) {
      case EMBEDDED -> names.addAll(List.of("s3", "sqs"));
      case LOCALSTACK -> names.add("localstack");
      case EXTERNAL -> {
        // nothing local
      }
    }
    names.add("connect");
    if (superset) {
      names.add("superset");
    }
    return names;
  }

  /** What the user gave for {@code setting}, if anything but blanks. */
  public Optional<String> value(Setting<?> setting) {
    String text = given.get(setting.name());
    return text == null || text.isBlank() ? Optional.empty() : Optional.of(text);
  }
}
