package org.cricketstream.sources.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.ServerAddress;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StoreErrorsTest {
  @Test
  void aStoreThatCannotBeReachedIsRetried() {
    assertThat(StoreErrors.unreachable(new SQLException("connection refused", "08001"))).isTrue();
    assertThat(StoreErrors.unreachable(new SQLException("shutting down", "57P01"))).isTrue();
    assertThat(
            StoreErrors.unreachable(
                new UncheckedIOException(new java.io.IOException(new ConnectException("refused")))))
        .isTrue();
    assertThat(
            StoreErrors.unreachable(
                new MongoSocketOpenException("refused", new ServerAddress("127.0.0.1", 1))))
        .isTrue();
  }

  @Test
  void aRefusedRecordOrABugIsNot() {
    assertThat(StoreErrors.unreachable(new SQLException("duplicate key", "23505"))).isFalse();
    assertThat(StoreErrors.unreachable(new SQLException("no state"))).isFalse();
    assertThat(StoreErrors.unreachable(new IllegalArgumentException("bad row"))).isFalse();
    assertThat(StoreErrors.unreachable(new NumberFormatException("For input string: \"x\"")))
        .isFalse();
  }
}
