package org.cricketstream.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupervisedTest {
  @Test
  void anOrphanedComponentGivesItselfTheStopTimeoutItsSupervisorPassed() {
    assertThat(Supervised.stopTimeout(Map.of(Supervised.STOP_TIMEOUT, "20000")))
        .isEqualTo(Duration.ofSeconds(20));
    // none, or none that makes sense: a service's
    assertThat(Supervised.stopTimeout(Map.of())).isEqualTo(Duration.ofSeconds(40));
    assertThat(Supervised.stopTimeout(Map.of(Supervised.STOP_TIMEOUT, "soon")))
        .isEqualTo(Duration.ofSeconds(40));
    assertThat(Supervised.stopTimeout(Map.of(Supervised.STOP_TIMEOUT, "0")))
        .isEqualTo(Duration.ofSeconds(40));
    assertThat(Supervised.isSupervised(Map.of(Supervised.MARK, "1"))).isTrue();
    assertThat(Supervised.isSupervised(Map.of())).isFalse();
  }
}
