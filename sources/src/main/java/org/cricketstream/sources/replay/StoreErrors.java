package org.cricketstream.sources.replay;

import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Decides which failures to commit a record are worth retrying: those that say the store cannot be
 * reached now (a source database restarting, a network blip). Anything else, a rejected row or a
 * bug, would fail the same way forever, so it is not retried.
 */
final class StoreErrors {
  /** PostgreSQL's "the server is shutting down or starting up" states. */
  private static final Set<String> POSTGRES_RESTARTING = Set.of("57P01", "57P02", "57P03");

  private StoreErrors() {}

  static boolean unreachable(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof ConnectException
          || e instanceof SocketException
          || e instanceof SocketTimeoutException
          || e instanceof SQLTransientException
          || e instanceof MongoSocketException
          || e instanceof MongoTimeoutException
          || e instanceof MongoNotPrimaryException
          || e instanceof MongoNodeIsRecoveringException) {
        return true;
      }
      if (e instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // class 08: connection exception
        if (state.startsWith("08") || POSTGRES_RESTARTING.contains(state)) {
          return true;
        }
      }
      if (e.getCause() == e) {
        break;
      }
    }
    return false;
  }
}
