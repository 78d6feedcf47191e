package org.cricketstream.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A bridge process that dies the hard way (no shutdown, like kill -9) right after Kafka
 * acknowledged its first batch of object events and before it deletes them from SQS. Before dying
 * it writes the object keys of that batch to the file named by HALT_KEYS_FILE.
 */
public final class HaltingBridge {
  static final int EXIT = 137;

  private HaltingBridge() {}

  public static void main(String[] args) throws InterruptedException {
    Path keysFile = Path.of(System.getenv("HALT_KEYS_FILE"));
    BridgeMain.run(
        BridgeSettings.fromEnvironment(System.getenv()),
        messages -> {
          List<String> keys = new ArrayList<>();
          for (Message message : messages) {
            if (S3EventMessage.parse(message.body()) instanceof S3EventMessage.Records records) {
              records.events().forEach(e -> keys.add(e.key()));
            }
          }
          if (!keys.isEmpty()) {
            try {
              Files.write(keysFile, keys, StandardCharsets.UTF_8);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().halt(EXIT);
          }
        });
  }
}
