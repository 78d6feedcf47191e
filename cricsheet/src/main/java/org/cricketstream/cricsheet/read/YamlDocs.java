package org.cricketstream.cricsheet.read;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses YAML into a {@link DocNode} tree. It composes nodes without constructing Java values, so
 * every scalar keeps its text: ball labels such as {@code 125.10} are never turned into floats.
 */
final class YamlDocs {
  /** A Test match file is well under this; the limit stops a runaway document. */
  static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

  private YamlDocs() {}

  static DocNode parse(String origin, InputStream in) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(50);
    Yaml yaml = new Yaml(options);
    Node root;
    try {
      root = yaml.compose(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (MarkedYAMLException e) {
      String where =
          e.getProblemMark() == null ? "document" : "line " + (e.getProblemMark().getLine() + 1);
      throw new CricsheetFormatException(origin, where, "not valid YAML: " + e.getProblem(), e);
    } catch (YAMLException e) {
      throw new CricsheetFormatException(
          origin, "document", "not valid YAML: " + e.getMessage(), e);
    }
    if (root == null) {
      throw new CricsheetFormatException(origin, "line 1", "empty document");
    }
    return convert(origin, root, "");
  }

  private static DocNode convert(String origin, Node node, String path) {
    int line = node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    if (node instanceof MappingNode mapping) {
      DocNode.MapNode map = new DocNode.MapNode(origin, path, line);
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (!(keyNode instanceof ScalarNode key)) {
          throw new CricsheetFormatException(
              origin,
              "line " + (keyNode.getStartMark().getLine() + 1),
              "a key must be a single value");
        }
        String name = key.getValue();
        map.put(
            name,
            convert(origin, tuple.getValueNode(), map.childPath(name)),
            key.getStartMark().getLine() + 1);
      }
      return map;
    }
    if (node instanceof SequenceNode sequence) {
      DocNode.ListNode list = new DocNode.ListNode(origin, path, line);
      for (Node item : sequence.getValue()) {
        list.add(
            convert(origin, item, list.childPath(list.items().size())),
            item.getStartMark() == null ? 0 : item.getStartMark().getLine() + 1);
      }
      return list;
    }
    ScalarNode scalar = (ScalarNode) node;
    if (Tag.NULL.equals(scalar.getTag())) {
      return null;
    }
    return new DocNode.Scalar(origin, path, line, scalar.getValue());
  }
}
