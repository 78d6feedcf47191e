package org.cricketstream.stack;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend made durable to the process being killed, as a journaled MongoDB
 * is: a write is answered only once it is committed to the file, and nothing else is ever
 * committed. The plain backend lets H2's background writer commit about once a second, at any
 * moment: a kill -9 lost the last second of acknowledged inserts, and a commit in the middle of an
 * insert kept the document without its oplog entry, so the change stream never saw it. Here H2's
 * auto-commit is off and each write command runs and commits under one lock, so every commit is of
 * whole commands. Written to the file, which outlives the process; not forced to the disk, so not
 * durable to an operating-system crash.
 */
final class DurableH2Backend extends H2Backend {
  /** The commands that change data; anything else only reads. */
  private static final Set<String> WRITES =
      Set.of(
          "insert",
          "update",
          "delete",
          "findandmodify",
          "create",
          "drop",
          "dropdatabase",
          "createindexes",
          "dropindexes",
          "renamecollection");

  private final ReentrantLock writing = new ReentrantLock();

  DurableH2Backend(Path file) {
    super(new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open());
  }

  @Override
  public Document handleCommand(
      Channel channel, String databaseName, String command, Document query) {
    if (!WRITES.contains(command.toLowerCase(Locale.ROOT))) {
      return super.handleCommand(channel, databaseName, command, query);
    }
    writing.lock();
    try {
      return super.handleCommand(channel, databaseName, command, query);
    } finally {
      // also after a failed command: an insert of many may have stopped half way
      commit();
      writing.unlock();
    }
  }
}
