package org.cricketstream.stack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.oplog.OplogCursor;
import de.bwaldvogel.mongo.oplog.OplogPosition;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The oplog behind the local MongoDB server's change streams, its entries kept in a map of the
 * server's H2 store keyed by their timestamp, so a change stream reads the entries after its
 * position and no others.
 *
 * <p>mongo-java-server's own oplog ({@code CollectionBackedOplog}) keeps them in the collection
 * {@code local.oplog.rs}, whose keys are random, and answers every getMore of a change stream by
 * reading and decoding the whole collection, each entry a copy of its T20I document, then sorting
 * what is newer than the cursor. The server answers a getMore again after each write ({@link
 * DurableH2Backend#handleGetMore}), so each insert cost a read of every entry before it: with the
 * sample's 300 documents that was 15% of the server's CPU and its garbage, growing with the square
 * of the documents, and the replay's inserts waited on it.
 *
 * <p>The entries, the change events made of them and the resume tokens are as mongo-java-server
 * makes them (its oplog's format, so a change stream reads the same events); their timestamps rise
 * strictly, across restarts too. A store written by the plain oplog has its entries copied in once,
 * when first opened so.
 */
final class TimestampedOplog implements Oplog {
  /** The map's name: no database name starts with '$', so dropping a database never drops it. */
  private static final String MAP = "$oplog";

  private static final String OLD_COLLECTION = "oplog.rs";
  private static final String FULL_DOCUMENT = "fullDocument";
  private static final String ID = "_id";
  private static final String TIMESTAMP = "ts";
  private static final String NAMESPACE = "ns";
  private static final String OPERATION = "op";
  private static final String O = "o";
  private static final String O2 = "o2";

  private final MVMap<Long, Document> entries;
  private final MongoBackend backend;
  private final CursorRegistry cursors;
  private final Clock clock;
  private final UUID ui = UUID.randomUUID();
  private long last; // guarded by this: the newest timestamp given

  TimestampedOplog(MongoBackend backend, MVStore store, CursorRegistry cursors) {
    this.backend = backend;
    this.cursors = cursors;
    this.clock = backend.getClock();
    this.entries = store.openMap(MAP);
    if (entries.isEmpty()) {
      copyOldEntries(backend, store);
    }
    Long newest = entries.lastKey();
    this.last = newest == null ? 0 : newest;
  }

  /** The entries of mongo-java-server's own oplog collection, if this store has one. */
  private void copyOldEntries(MongoBackend backend, MVStore store) {
    // H2Backend's map of the collection's documents
    if (!store.hasMap("databases.local." + OLD_COLLECTION)) {
      return;
    }
    MongoDatabase local = backend.resolveDatabase("local");
    @SuppressWarnings("unchecked")
    MongoCollection<Document> old =
        (MongoCollection<Document>) local.resolveCollection(OLD_COLLECTION, false);
    if (old != null) {
      old.queryAllAsStream().forEach(this::add);
    }
  }

  @Override
  public void handleInsert(String namespace, List<Document> documents) {
    for (Document document : documents) {
      add(entry("i", namespace).append(O, document.cloneDeeply()));
    }
  }

  @Override
  public void handleUpdate(
      String namespace, Document selector, Document query, List<Object> modifiedIds) {
    for (Object id : modifiedIds) {
      add(entry("u", namespace).append(O, query).append(O2, new Document(ID, id)));
    }
  }

  @Override
  public void handleDelete(String namespace, Document query, List<Object> deletedIds) {
    for (Object id : deletedIds) {
      add(entry("d", namespace).append(O, new Document(ID, id)));
    }
  }

  @Override
  public void handleDropCollection(String namespace) {
    String database = Utils.getDatabaseNameFromFullName(namespace);
    String collection = Utils.getCollectionNameFromFullName(namespace);
    add(entry("c", database + ".$cmd").append(O, new Document("drop", collection)));
  }

  private void add(Document entry) {
    entries.put(timestamp(entry).getValue(), entry);
  }

  /** An entry's fields before its operation's own, with the next timestamp. */
  private Document entry(String operation, String namespace) {
    return new Document()
        .append(TIMESTAMP, nextTimestamp())
        .append("t", 1L)
        .append("h", 0L)
        .append("v", 2L)
        .append(OPERATION, operation)
        .append(NAMESPACE, namespace)
        .append("ui", ui)
        .append("wall", clock.instant());
  }

  /** The clock's second, or one more than the newest given when that is later. */
  private synchronized BsonTimestamp nextTimestamp() {
    last = Math.max(last + 1, new BsonTimestamp(clock.instant(), 1).getValue());
    return new BsonTimestamp(last);
  }

  private synchronized long newest() {
    return last;
  }

  @Override
  public Cursor createCursor(Document changeStream, String namespace, Aggregation aggregation) {
    Document startAfter = (Document) changeStream.get("startAfter");
    Document resumeAfter = (Document) changeStream.get("resumeAfter");
    BsonTimestamp startAt = (BsonTimestamp) changeStream.get("startAtOperationTime");
    OplogPosition position;
    if (startAfter != null) {
      position = OplogPosition.fromDocument(startAfter);
    } else if (resumeAfter != null) {
      position = OplogPosition.fromDocument(resumeAfter);
      if (droppedBy(position, namespace)) {
        return invalidated(position);
      }
    } else if (startAt != null) {
      position = new OplogPosition(startAt).inclusive();
    } else {
      position = new OplogPosition(new BsonTimestamp(newest()));
    }
    OplogCursor cursor =
        new OplogCursor(
            cursors.generateCursorId(),
            after -> changesAfter(after, changeStream, namespace, aggregation),
            position);
    cursors.add(cursor);
    return cursor;
  }

  /** The change events of the entries after {@code position}, read from there on. */
  private Stream<Document> changesAfter(
      OplogPosition position, Document changeStream, String namespace, Aggregation aggregation) {
    long at = value(position);
    // an inclusive position is after itself (OplogPosition keeps its flag to itself)
    long from = position.isAfter(position) ? at : at + 1;
    return aggregation.runStagesAsStream(
        values(entries.cursor(from))
            .filter(entry -> inNamespace(entry, namespace))
            .map(entry -> changeEvent(entry, changeStream)));
  }

  /** Whether the collection was dropped at or before {@code position} (resuming is refused). */
  private boolean droppedBy(OplogPosition position, String namespace) {
    String database = Utils.getDatabaseNameFromFullName(namespace);
    Document drop = new Document("drop", Utils.getCollectionNameFromFullName(namespace));
    long at = value(position);
    return values(entries.cursor(null, at, false))
        .anyMatch(
            entry ->
                "c".equals(entry.get(OPERATION))
                    && (database + ".$cmd").equals(entry.get(NAMESPACE))
                    && drop.equals(entry.get(O)));
  }

  private static Cursor invalidated(OplogPosition position) {
    return new AbstractCursor(0) {
      @Override
      public boolean isEmpty() {
        return false;
      }

      @Override
      public List<Document> takeDocuments(int numberToReturn) {
        return List.of(
            new Document()
                .append(ID, new Document("_data", position.toHexString()))
                .append("operationType", "invalidate"));
      }
    };
  }

  private static boolean inNamespace(Document entry, String namespace) {
    // the collection's own changes, and commands on its database (a drop)
    String entryNamespace = (String) entry.get(NAMESPACE);
    if (entryNamespace.equals(namespace)) {
      return true;
    }
    return Utils.getCollectionNameFromFullName(entryNamespace).equals("$cmd")
        && Utils.getDatabaseNameFromFullName(entryNamespace)
            .equals(Utils.getDatabaseNameFromFullName(namespace));
  }

  /** The change event of an entry, as mongo-java-server's change streams give it. */
  private Document changeEvent(Document entry, Document changeStream) {
    BsonTimestamp timestamp = timestamp(entry);
    Document id = new Document("_data", new OplogPosition(timestamp).toHexString());
    Document document = (Document) entry.get(O);
    String operation = (String) entry.get(OPERATION);
    if (operation.equals("c")) {
      String command =
          document.keySet().stream()
              .findFirst()
              .orElseThrow(() -> new MongoServerException("Unspecified command operation type"));
      return new Document()
          .append(ID, id)
          .append("operationType", command)
          .append("clusterTime", timestamp);
    }
    Document key;
    Document full;
    String type;
    switch (operation) {
      case "i" -> {
        type = "insert";
        key = new Document(ID, document.get(ID));
        full = document;
      }
      case "u" -> {
        type = "update";
        key = document;
        full = updated(entry, changeStream);
      }
      case "d" -> {
        type = "delete";
        key = document;
        full = null;
      }
      default -> throw new IllegalArgumentException("Unexpected operation type: " + operation);
    }
    return new Document()
        .append(ID, id)
        .append("operationType", type)
        .append(FULL_DOCUMENT, full)
        .append("documentKey", key)
        .append("clusterTime", timestamp);
  }

  /**
   * An update's document: the fields it set and unset, or with {@code fullDocument: updateLookup}
   * the document as it is now (the stack's sources only insert).
   */
  private Document updated(Document entry, Document changeStream) {
    Document update = (Document) entry.get(O);
    Document delta = new Document();
    for (String operator : List.of("$set", "$unset")) {
      if (update.get(operator) instanceof Document fields) {
        delta.appendAll(fields);
      }
    }
    if (!"updateLookup".equals(changeStream.get(FULL_DOCUMENT))) {
      return delta;
    }
    String namespace = (String) entry.get(NAMESPACE);
    Object id = ((Document) entry.get(O2)).get(ID);
    return backend
        .resolveDatabase(Utils.getDatabaseNameFromFullName(namespace))
        .resolveCollection(Utils.getCollectionNameFromFullName(namespace), true)
        .queryAllAsStream()
        .filter(d -> id.equals(d.get(ID)))
        .findFirst()
        .orElse(delta);
  }

  private static BsonTimestamp timestamp(Document entry) {
    return (BsonTimestamp) entry.get(TIMESTAMP);
  }

  private static long value(OplogPosition position) {
    return Long.parseUnsignedLong(position.toHexString(), 16);
  }

  /** The values of a map's cursor, as a lazy stream: read as far as the stream is taken. */
  private static Stream<Document> values(org.h2.mvstore.Cursor<Long, Document> cursor) {
    Iterator<Document> values =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return cursor.hasNext();
          }

          @Override
          public Document next() {
            if (!cursor.hasNext()) {
              throw new NoSuchElementException();
            }
            cursor.next();
            return cursor.getValue();
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(values, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }
}
