package org.cricketstream.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of an S3 event notification as S3 sends it to SQS: either the {@code s3:TestEvent} sent
 * when a notification is configured, or {@code Records} of object events.
 */
public sealed interface S3EventMessage {
  ObjectMapper JSON = new ObjectMapper();

  /** {@code {"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":...}}: nothing to publish. */
  record TestEvent(String bucket) implements S3EventMessage {}

  /** One or more object events. */
  record Records(List<ObjectEvent> events) implements S3EventMessage {
    public Records {
      events = List.copyOf(events);
    }
  }

  /**
   * One record of an event.
   *
   * @param eventName e.g. {@code ObjectCreated:Put}
   * @param key the object key, decoded (S3 sends it URL-encoded)
   * @param size the size S3 reports, or -1
   * @param eTag the ETag S3 reports, without quotes
   * @param versionId the version, or null on an unversioned bucket
   * @param sequencer S3's ordering of events on one key
   */
  record ObjectEvent(
      String eventName,
      String eventTime,
      String bucket,
      String key,
      long size,
      String eTag,
      String versionId,
      String sequencer) {
    public boolean created() {
      return eventName.startsWith("ObjectCreated:");
    }
  }

  /** Parses a message body; a body that is no S3 notification raises an exception saying why. */
  static S3EventMessage parse(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    if ("s3:TestEvent".equals(root.path("Event").asText(null))) {
      return new TestEvent(root.path("Bucket").asText(""));
    }
    JsonNode records = root.get("Records");
    if (records == null || !records.isArray()) {
      throw new IllegalArgumentException("neither an s3:TestEvent nor S3 event Records");
    }
    List<ObjectEvent> events = new ArrayList<>();
    for (JsonNode record : records) {
      if (!"aws:s3".equals(record.path("eventSource").asText())) {
        throw new IllegalArgumentException(
            "record from " + record.path("eventSource").asText("?") + ", not aws:s3");
      }
      JsonNode object = record.path("s3").path("object");
      String key = object.path("key").asText(null);
      String bucket = record.path("s3").path("bucket").path("name").asText(null);
      if (key == null || bucket == null) {
        throw new IllegalArgumentException("S3 event record without bucket name or object key");
      }
      events.add(
          new ObjectEvent(
              record.path("eventName").asText(""),
              record.path("eventTime").asText(""),
              bucket,
              URLDecoder.decode(key, StandardCharsets.UTF_8),
              object.path("size").asLong(-1),
              object.path("eTag").asText(null),
              object.path("versionId").asText(null),
              object.path("sequencer").asText(null)));
    }
    return new Records(events);
  }
}
