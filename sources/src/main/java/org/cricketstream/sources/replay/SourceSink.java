package org.cricketstream.sources.replay;

/** Where one source's records are committed: MongoDB, PostgreSQL, or S3. */
public interface SourceSink extends AutoCloseable {
  /** Commits one record; throws when the store cannot be reached (the caller retries). */
  void send(ReplayRecord record) throws Exception;

  /** Short name for progress lines. */
  String name();

  @Override
  void close();
}
