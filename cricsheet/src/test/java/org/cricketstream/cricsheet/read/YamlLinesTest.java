package org.cricketstream.cricsheet.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.cricketstream.cricsheet.Samples;
import org.junit.jupiter.api.Test;

/**
 * Lines found in ASCII bytes ({@link YamlLines#ofAscii}) are the lines found in the decoded text
 * ({@link YamlLines#of}), and a document read from its bytes is the document read from its text;
 * bytes that are not all ASCII are left to the decoder.
 */
class YamlLinesTest {

  @Test
  void everyRealYamlFileGivesTheSameLinesAndTreeFromItsBytes() throws IOException {
    // the sample's 220 Test matches, at least, are all ASCII (as Cricsheet writes YAML)
    assertThat(sameFromBytes(Samples.folders(Samples.REAL))).isGreaterThanOrEqualTo(220);
  }

  @Test
  void generatedAndHandWrittenYamlFilesGiveTheSameLinesAndTreeFromTheirBytes() throws IOException {
    List<Path> folders =
        java.util.stream.Stream.concat(
                Samples.folders(Samples.FIXTURES).stream(),
                Samples.folders(Samples.GENERATED).stream())
            .toList();
    assertThat(sameFromBytes(folders)).isGreaterThan(10);
  }

  @Test
  void linesAreSplitAtLineFeedsOnly() {
    assertLines("", 1, 0, 0);
    assertLines("a: 1", 1, 0, 4);
    assertLines("a: 1\n", 2, 0, 4, 5, 5);
    assertLines("a: 1\n\nb: 22\n", 4, 0, 4, 5, 5, 6, 11, 12, 12);
  }

  @Test
  void charactersBlockYamlDoesNotReadMakeTheTextNotPlainInBothScans() {
    for (String text : List.of("a:\t1\n", "a: 1\r\n", "a: \u007f\n", "a: \u0001\n")) {
      YamlLines fromText = YamlLines.of("t", text, 100);
      YamlLines fromBytes = YamlLines.ofAscii("t", text.getBytes(StandardCharsets.US_ASCII), 100);
      assertThat(fromText.plain()).as("%s", text).isFalse();
      assertThat(describe(fromBytes)).isEqualTo(describe(fromText));
    }
    assertThat(
            YamlLines.ofAscii("t", "a: 1\n~: x\n".getBytes(StandardCharsets.US_ASCII), 100).plain())
        .isTrue();
  }

  @Test
  void bytesThatAreNotAllAsciiAreLeftToTheDecoder() {
    byte[] accented = "name: Andr\u00e9\n".getBytes(StandardCharsets.UTF_8);
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', ':', ' ', '1', '\n'};

    assertThat(YamlLines.ofAscii("t", accented, 100)).isNull();
    assertThat(YamlLines.ofAscii("t", bom, 100)).isNull();
    assertThat(MatchText.isAscii(accented)).isFalse();
    assertThat(MatchText.decode("t", accented)).isEqualTo("name: Andr\u00e9\n");
    assertThat(YamlDocs.parse("t", accented).asMap().requiredText("name")).isEqualTo("Andr\u00e9");
    assertThat(YamlDocs.parse("t", bom).asMap().requiredText("a")).isEqualTo("1");
  }

  @Test
  void aLineTooLongIsNamedInBothScans() {
    String text = "a: 1\nb: " + "x".repeat(20) + "\nc: 2\n";
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> YamlLines.of("t.yaml", text, 10))
        .isInstanceOf(CricsheetFormatException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> YamlLines.ofAscii("t.yaml", bytes, 10))
        .isInstanceOf(CricsheetFormatException.class)
        .hasMessageContaining("t.yaml")
        .hasMessageContaining("line 2")
        .hasMessageContaining("a line of 23 characters");
  }

  /** Checks every YAML file under the folders; returns how many were ASCII. */
  private static int sameFromBytes(List<Path> folders) throws IOException {
    int ascii = 0;
    for (Path folder : folders) {
      for (Path file : BlockYamlTest.yamlFiles(folder)) {
        byte[] bytes = Files.readAllBytes(file);
        String text = MatchText.decode(file.toString(), bytes);
        YamlLines fromBytes = YamlLines.ofAscii(file.toString(), bytes, YamlDocs.MAX_LINE);
        boolean allAscii = true;
        for (byte b : bytes) {
          allAscii &= (b & 0x80) == 0;
        }
        assertThat(fromBytes != null).as("%s read as ASCII", file).isEqualTo(allAscii);
        if (fromBytes != null) {
          ascii++;
          assertThat(describe(fromBytes))
              .as("%s", file)
              .isEqualTo(describe(YamlLines.of(file.toString(), text, YamlDocs.MAX_LINE)));
        }
        assertThat(BlockYamlTest.describe(YamlDocs.parse(file.toString(), bytes)))
            .as("%s", file)
            .isEqualTo(BlockYamlTest.describe(YamlDocs.parse(file.toString(), text)));
      }
    }
    return ascii;
  }

  private static void assertLines(String text, int count, int... startsAndEnds) {
    YamlLines lines = YamlLines.ofAscii("t", text.getBytes(StandardCharsets.US_ASCII), 100);
    assertThat(lines.count()).isEqualTo(count);
    int[] found = new int[count * 2];
    for (int i = 0; i < count; i++) {
      found[2 * i] = lines.starts()[i];
      found[2 * i + 1] = lines.ends()[i];
    }
    assertThat(found).containsExactly(startsAndEnds);
    assertThat(describe(lines)).isEqualTo(describe(YamlLines.of("t", text, 100)));
  }

  private static String describe(YamlLines lines) {
    return lines.count()
        + " "
        + lines.plain()
        + " "
        + Arrays.toString(Arrays.copyOf(lines.starts(), lines.count()))
        + " "
        + Arrays.toString(Arrays.copyOf(lines.ends(), lines.count()));
  }
}
