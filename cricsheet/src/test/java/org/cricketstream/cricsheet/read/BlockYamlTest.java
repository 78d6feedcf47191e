package org.cricketstream.cricsheet.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cricketstream.cricsheet.Samples;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockYaml} gives exactly the tree SnakeYAML's events give ({@link YamlDocs#snakeYaml}):
 * every node's kind, text, line and path, keys in order. On every real Cricsheet YAML file it must
 * also read the file itself (else the fast path would not be taken); on documents written to try
 * its edges, and on real documents damaged at random, it may decline, never differ.
 */
class BlockYamlTest {

  @Test
  void everyRealYamlFileIsReadAndGivesSnakeYamlsTree() throws IOException {
    Map<String, Integer> perFolder = new TreeMap<>();
    for (Path folder : Samples.folders(Samples.REAL)) {
      for (Path file : yamlFiles(folder)) {
        String text = text(file);
        assertSameTree(file.toString(), text, true);
        perFolder.merge(folder.getFileName().toString(), 1, Integer::sum);
      }
    }
    System.out.println("YAML files read by BlockYaml, as SnakeYAML reads them: " + perFolder);
    assertThat(perFolder).containsKeys("test_yaml", "yaml_wide", "cross_format");
  }

  @Test
  void generatedAndHandWrittenFixturesGiveSnakeYamlsTree() throws IOException {
    int files = 0;
    for (String sample : List.of(Samples.FIXTURES, Samples.GENERATED)) {
      for (Path folder : Samples.folders(sample)) {
        for (Path file : yamlFiles(folder)) {
          assertSameTree(file.toString(), text(file), true);
          files++;
        }
      }
    }
    assertThat(files).isGreaterThan(10);
  }

  @Test
  void theBlockYamlCricsheetWritesIsReadAsSnakeYamlReadsIt() {
    List<String> documents =
        List.of(
            "a: 1\n",
            "---\na: 1\nb:\n  c: x y  \n  d: 'it''s'\n",
            "\n\na: 1\n\n\nb: 2\n",
            "dates:\n- 2017-01-03\n- 2017-01-04\nteam: A\n",
            "dates:\n  - 2017-01-03\n  - 2017-01-04\n",
            """
            innings:
            - 1st innings:
                team: A
                deliveries:
                - 0.1:
                    batsman: X
                    wicket:
                      fielders:
                      - Y
                      kind: caught
                - 0.2:
                    batsman: Z
            """,
            "'quoted key': v\n\"double\": \"d q\"\nempty: ''\nnothing:\nnull: ~\nn2: null\n",
            "people:\n  JR Hazlewood: '03806cf8'\n  Azhar Ali: 211de69f\n  C#: sharp\n",
            "url: http://x.org/a?b=c\nneg: -5\nq: ?x\nc: :x\n",
            "- a\n- b: 1\n  c: 2\n- 'c'\n",
            "a:\n  b:\n    c:\n      d: deep\n  e: back\nf: root\n",
            "label: 125.10\nname: Imran Khan (2)\n",
            "a: x\n   \nb: y\n",
            // YAML's nulls by length, and their near misses (strings)
            "a: ~\nb: null\nc: Null\nd: NULL\ne: nULL\nf: nul\ng: ~~\nh: nulls\ni:\nj: '~'\n");
    for (String document : documents) {
      assertSameTree(document, document, true);
    }
  }

  @Test
  void whatIsNotPlainBlockYamlIsLeftToSnakeYaml() {
    List<String> declined =
        List.of(
            "# a comment\na: 1\n",
            "a: 1 # a comment\n",
            "a: [1, 2]\n",
            "a: {}\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |\n  text\n",
            "a: >\n  text\n",
            "a: one\n  two\n",
            "a: 'one\n  two'\n",
            "a: \"tab\\t\"\n",
            "a:\tb\n",
            "a: 1\r\nb: 2\r\n",
            "\uFEFFa: 1\n",
            "a: 1\na: 2\n",
            "- ~\n",
            "- null\n",
            "-\n  a: 1\n",
            "- - a\n",
            "a: b: c\n",
            "? a\n: b\n",
            "a: 1\n...\n",
            "%YAML 1.1\n---\na: 1\n",
            "--- a\n",
            "---\n",
            "",
            "a\n",
            "a: 1\n b: 2\n",
            "a:\n  b: 1\n c: 2\n",
            "a: 'x' y\n",
            "a: x\u0085y\n");
    for (String document : declined) {
      assertThat(BlockYaml.parse("doc", document)).as("%s", document).isNull();
    }
  }

  /**
   * Real documents damaged at random (lines dropped, swapped or re-indented, characters changed):
   * whatever BlockYaml reads, SnakeYAML reads the same; whatever SnakeYAML refuses, BlockYaml
   * declines.
   */
  @Test
  void damagedDocumentsAreDeclinedOrReadAsSnakeYamlReadsThem() throws IOException {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<String> sources = new ArrayList<>();
    for (Path folder : Samples.folders(Samples.FIXTURES)) {
      for (Path file : yamlFiles(folder)) {
        sources.add(text(file));
      }
    }
    String alphabet = " :-'\"#\n\tabc01.~[{&*|>";
    int read = 0;
    for (int round = 0; round < 3000; round++) {
      List<String> lines =
          new ArrayList<>(List.of(sources.get(random.nextInt(sources.size())).split("\n", -1)));
      lines = lines.subList(0, Math.min(lines.size(), 40 + random.nextInt(40)));
      for (int change = 0; change < 1 + random.nextInt(3); change++) {
        int at = random.nextInt(lines.size());
        String line = lines.get(at);
        switch (random.nextInt(4)) {
          case 0 -> lines.remove(at);
          case 1 -> lines.set(at, " ".repeat(random.nextInt(5)) + line.stripLeading());
          case 2 -> {
            int other = random.nextInt(lines.size());
            lines.set(at, lines.get(other));
            lines.set(other, line);
          }
          default -> {
            int i = line.isEmpty() ? 0 : random.nextInt(line.length());
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            lines.set(at, line.substring(0, i) + c + line.substring(i));
          }
        }
        if (lines.isEmpty()) {
          lines.add("");
        }
      }
      String document = String.join("\n", lines);
      if (assertSameTree("seed " + seed + " round " + round, document, false)) {
        read++;
      }
    }
    System.out.println("damaged documents read by BlockYaml: " + read + " of 3000");
    assertThat(read).as("seed %d", seed).isPositive();
  }

  /**
   * Asserts that BlockYaml, unless it declines (allowed when {@code mustRead} is false), reads
   * {@code text} as SnakeYAML does; returns whether it read it.
   */
  private static boolean assertSameTree(String name, String text, boolean mustRead) {
    DocNode fast = BlockYaml.parse("origin", text);
    if (fast == null) {
      assertThat(mustRead).as("BlockYaml declined %s", name).isFalse();
      return false;
    }
    DocNode snake;
    try {
      snake = YamlDocs.snakeYaml("origin", text);
    } catch (CricsheetFormatException e) {
      throw new AssertionError(
          "BlockYaml read what SnakeYAML refuses (" + e.getMessage() + "): " + name + "\n" + text,
          e);
    }
    assertThat(describe(fast)).as("%s\n%s", name, text).isEqualTo(describe(snake));
    return true;
  }

  /** Every node as "line path kind [text]", in document order. */
  static List<String> describe(DocNode root) {
    List<String> out = new ArrayList<>();
    describe(root, out);
    return out;
  }

  private static void describe(DocNode node, List<String> out) {
    if (node == null) {
      out.add("null");
      return;
    }
    String head = node.line + " " + node.path() + " " + node.origin() + " ";
    if (node instanceof DocNode.MapNode map) {
      out.add(head + "map " + map.entries().keySet());
      map.entries().values().forEach(v -> describe(v, out));
    } else if (node instanceof DocNode.ListNode list) {
      out.add(head + "list " + list.items().size());
      list.items().forEach(v -> describe(v, out));
    } else {
      out.add(head + "scalar [" + node.text() + "]");
    }
  }

  static List<Path> yamlFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(
              f ->
                  f.getFileName().toString().endsWith(".yaml")
                      || f.getFileName().toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  private static String text(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return MatchText.read(file.toString(), in);
    }
  }
}
