package org.cricketstream.sources.replay;

/** Where one source's records are committed: MongoDB, PostgreSQL, or S3. */
public interface SourceSink extends AutoCloseable {
  /** Commits one record; throws when the store cannot be reached (the caller retries). */
  void send(ReplayRecord record) throws Exception;

  /**
   * Another session to the same store, for committing another match at the same time (a database
   * connection of its own); closed by whoever asked for it. A store whose client is already safe to
   * share returns itself.
   */
  default SourceSink newSession() {
    return this;
  }

  /** Short name for progress lines. */
  String name();

  @Override
  void close();
}
