package org.cricketstream.cricsheet.read;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.Arrays;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.cricsheet.score.OutcomeCheck;
import org.cricketstream.cricsheet.score.Scorecard;

/**
 * Fuzz tests of every reader: whatever the bytes, a reader either gives a match whose scorecard and
 * outcome check can be computed, or fails with its own {@link CricsheetFormatException}. Any other
 * exception or error (a stack overflow, an arithmetic error, an out-of-memory) fails the test.
 *
 * <p>In {@code mvn verify} each runs in regression mode over its inputs under {@code
 * src/test/resources/org/cricketstream/cricsheet/read/ReadersFuzzTestInputs/<method>/}: the seeds
 * (the hand-written fixtures and the hardening cases) and every crash ever found. {@code mvn
 * -Pfuzz} fuzzes one of them for a chosen time (see the README).
 */
class ReadersFuzzTest {

  @FuzzTest(maxDuration = "10m")
  void yaml(byte[] input) {
    try {
      check(CricsheetReader.yaml("fuzz", "fuzz.yaml", new ByteArrayInputStream(input)));
    } catch (CricsheetFormatException expected) {
      // the readers' own error: the only acceptable failure
    }
  }

  @FuzzTest(maxDuration = "10m")
  void json(byte[] input) {
    try {
      check(CricsheetReader.json("fuzz", "fuzz.json", new ByteArrayInputStream(input)));
    } catch (CricsheetFormatException expected) {
      // the readers' own error: the only acceptable failure
    }
  }

  /** A CSV2 match: the info file, a NUL byte, then the ball file. */
  @FuzzTest(maxDuration = "10m")
  void csv(byte[] input) {
    int split = 0;
    while (split < input.length && input[split] != 0) {
      split++;
    }
    byte[] info = Arrays.copyOfRange(input, 0, split);
    byte[] balls = Arrays.copyOfRange(input, Math.min(split + 1, input.length), input.length);
    try {
      check(
          CricsheetReader.csv(
              "fuzz",
              MatchFormat.ODI,
              "fuzz.csv",
              new StringReader(MatchText.decode("fuzz.csv", balls)),
              "fuzz_info.csv",
              new StringReader(MatchText.decode("fuzz_info.csv", info))));
    } catch (CricsheetFormatException expected) {
      // the readers' own error: the only acceptable failure
    }
  }

  /** What every consumer of a match does with it must work on every match a reader accepts. */
  private static void check(Match match) {
    Scorecard card = Scorecard.of(match);
    if (OutcomeCheck.checkable(match)) {
      OutcomeCheck.check(match, card);
    }
  }
}
