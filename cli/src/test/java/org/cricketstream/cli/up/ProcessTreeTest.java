package org.cricketstream.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {

  /**
   * The fields after the command name, which may hold spaces and parentheses, are counted right.
   */
  @Test
  void theParentIsReadAfterACommandNameWithSpacesAndParentheses() {
    assertThat(ProcessTree.parentOf("4242 (java) S 17 4242 4242 0 -1 4194560 123 0 0 0 5 6"))
        .isEqualTo(17);
    assertThat(ProcessTree.parentOf("99 (a b) (c)) R 1 99 99 0 -1 4194304 1 0 0 0 0 0"))
        .isEqualTo(1);
  }

  /** A process started with children, and they with theirs: the tree the JDK reads, in one go. */
  @Test
  void aProcessComesWithEveryProcessItStartedAsTheJdkSeesThem() throws Exception {
    Process shell = new ProcessBuilder("bash", "-c", "sleep 60 & (sleep 60 & wait) & wait").start();
    try {
      ProcessHandle handle = shell.toHandle();
      // the shell, two sleeps and the subshell between them
      await().atMost(Duration.ofSeconds(10)).until(() -> handle.descendants().count() == 3);
      Set<Long> expected =
          Stream.concat(Stream.of(handle), handle.descendants())
              .map(ProcessHandle::pid)
              .collect(Collectors.toSet());

      Set<Long> tree = ProcessTree.read().withDescendants(shell.pid());

      assertThat(tree).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(tree.iterator().next()).isEqualTo(shell.pid());
      assertThat(ProcessTree.read().withDescendants(ProcessHandle.current().pid()))
          .containsAll(expected);
    } finally {
      shell.descendants().forEach(ProcessHandle::destroyForcibly);
      shell.destroyForcibly().waitFor();
    }
    assertThat(ProcessTree.read().withDescendants(shell.pid())).as("ended").isEmpty();
  }
}
