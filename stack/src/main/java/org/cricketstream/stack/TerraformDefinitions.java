package org.cricketstream.stack;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Terraform definitions of the AWS side ({@code terraform/*.tf}), read with hcl4j so local
 * stacks and tests take their values from the same files Terraform applies.
 *
 * <p>hcl4j checks the syntax and gives the blocks; it evaluates only part of the language. Values
 * that are plain literals or variable references come out resolved against the variables' defaults;
 * {@code jsonencode} gives the JSON of its (resolved) argument; an interpolation such as {@code
 * "${aws_s3_bucket.tests.arn}/x"} comes out as the text {@code aws_s3_bucket.tests.arn/x}; other
 * function calls and conditionals are not reliable. References are therefore also found in the
 * source text itself ({@link #references}).
 */
public final class TerraformDefinitions {
  static {
    // hcl4j logs every data block at INFO under slf4j-simple; a setting the user made is kept
    if (System.getProperty("org.slf4j.simpleLogger.log.com.bertramlabs") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.com.bertramlabs", "warn");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|(?m)(#|//)[^\\n\"]*$");
  private static final Pattern RESOURCE_REFERENCE =
      Pattern.compile("^(aws_[a-z0-9_]+)\\.([A-Za-z0-9_-]+)\\.([a-z0-9_]+)$");

  private final Path folder;
  private final Map<String, String> sources;
  private final Map<String, Object> variables;
  private final Map<String, Object> merged;

  private TerraformDefinitions(
      Path folder,
      Map<String, String> sources,
      Map<String, Object> variables,
      Map<String, Object> merged) {
    this.folder = folder;
    this.sources = sources;
    this.variables = variables;
    this.merged = merged;
  }

  /**
   * The project's {@code terraform/} folder: under {@code -Dcricket.root} (set by the launcher),
   * else the nearest folder at or above the working directory that has one.
   */
  public static Path projectFolder() {
    String root = System.getProperty("cricket.root");
    if (root != null && !root.isBlank()) {
      return Path.of(root).toAbsolutePath().normalize().resolve("terraform");
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("terraform/versions.tf"))) {
        return dir.resolve("terraform");
      }
    }
    throw new IllegalStateException(
        "no terraform/ folder at or above " + Path.of("").toAbsolutePath());
  }

  /** Reads every {@code .tf} file of {@code folder}, variables at their defaults. */
  public static TerraformDefinitions read(Path folder) {
    return read(folder, Map.of());
  }

  /** As {@link #read(Path)}, with some variables set (as {@code -var name=value} would). */
  public static TerraformDefinitions read(Path folder, Map<String, Object> overrides) {
    Map<String, String> sources = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
        sources.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Terraform files in " + folder, e);
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no .tf files in " + folder);
    }
    Map<String, Object> declared = new LinkedHashMap<>();
    for (var source : sources.entrySet()) {
      Map<String, Object> blocks = parse(source.getKey(), source.getValue(), Map.of());
      map(blocks.get("variable"))
          .forEach((name, body) -> declared.put(name, map(body).get("default")));
    }
    Map<String, Object> values = new LinkedHashMap<>(declared);
    values.putAll(overrides);
    Map<String, Object> merged = new LinkedHashMap<>();
    for (var source : sources.entrySet()) {
      mergeInto(merged, parse(source.getKey(), source.getValue(), values));
    }
    return new TerraformDefinitions(
        folder, Collections.unmodifiableMap(sources), Collections.unmodifiableMap(values), merged);
  }

  public Path folder() {
    return folder;
  }

  /** File name to its text, for every {@code .tf} file read. */
  public Map<String, String> sources() {
    return sources;
  }

  /** The declared variables with their values (defaults, or the overrides given). */
  public Map<String, Object> variables() {
    return Collections.unmodifiableMap(variables);
  }

  /** A variable's value as text; fails if it is not declared or has no value. */
  public String variable(String name) {
    if (!variables.containsKey(name) || variables.get(name) == null) {
      throw new IllegalArgumentException("variable " + name + " is not declared with a default");
    }
    Object value = variables.get(name);
    return value instanceof Number n ? number(n) : value.toString();
  }

  /** A number variable as an int. */
  public int intVariable(String name) {
    return (int) Double.parseDouble(variable(name));
  }

  /** {@code "type.name"} of every resource. */
  public Set<String> resources() {
    return names(merged.get("resource"));
  }

  /** {@code "type.name"} of every data source. */
  public Set<String> dataSources() {
    return names(merged.get("data"));
  }

  /** Names of every local value. */
  public Set<String> locals() {
    return map(merged.get("locals")).keySet();
  }

  /** A resource's attributes as hcl4j gives them; fails if there is no such resource. */
  public Map<String, Object> resource(String type, String name) {
    return block("resource", type, name);
  }

  /** A data source's attributes as hcl4j gives them. */
  public Map<String, Object> data(String type, String name) {
    return block("data", type, name);
  }

  /** A local value as hcl4j gives it. */
  public Object local(String name) {
    return map(merged.get("locals")).get(name);
  }

  /** A resource attribute as text, a reference to another resource's attribute followed. */
  public String text(String type, String name, String attribute) {
    Object value = resource(type, name).get(attribute);
    if (value == null) {
      throw new IllegalArgumentException(type + "." + name + " has no " + attribute);
    }
    return text(value);
  }

  /** An attribute value as text: numbers without a fraction, references followed once. */
  public String text(Object value) {
    if (value instanceof Number n) {
      return number(n);
    }
    String text = String.valueOf(value);
    Matcher reference = RESOURCE_REFERENCE.matcher(text);
    if (reference.matches()) {
      Object target = blockOrNull("resource", reference.group(1), reference.group(2));
      if (target != null && map(target).get(reference.group(3)) != null) {
        return text(map(target).get(reference.group(3)));
      }
    }
    return text;
  }

  /**
   * Every reference of a kind in the source text (comments left out), e.g. {@code "var"} gives the
   * names after {@code var.}; {@code "resource"} gives {@code type.name} of every {@code aws_*}
   * reference; {@code "data"} gives {@code type.name} after {@code data.}.
   */
  public Set<String> references(String kind) {
    Pattern pattern =
        switch (kind) {
          case "var" -> Pattern.compile("(?<![\\w.])var\\.([A-Za-z_][A-Za-z0-9_-]*)");
          case "local" -> Pattern.compile("(?<![\\w.])local\\.([A-Za-z_][A-Za-z0-9_-]*)");
          case "data" ->
              Pattern.compile("(?<![\\w.])data\\.(aws_[a-z0-9_]+\\.[A-Za-z_][A-Za-z0-9_-]*)");
          case "resource" ->
              Pattern.compile("(?<![\\w.])(aws_[a-z0-9_]+\\.[A-Za-z_][A-Za-z0-9_-]*)\\.");
          default -> throw new IllegalArgumentException("unknown reference kind " + kind);
        };
    Set<String> found = new LinkedHashSet<>();
    for (String text : sources.values()) {
      Matcher m = pattern.matcher(COMMENT.matcher(text).replaceAll(""));
      while (m.find()) {
        found.add(m.group(1));
      }
    }
    return found;
  }

  /** The source text of the resource or data block {@code kind "type" "name" { ... }}. */
  public String blockSource(String kind, String type, String name) {
    Pattern start =
        Pattern.compile(
            "(?m)^"
                + kind
                + "\\s+\""
                + Pattern.quote(type)
                + "\"\\s+\""
                + Pattern.quote(name)
                + "\"\\s*\\{");
    for (String text : sources.values()) {
      Matcher m = start.matcher(text);
      if (m.find()) {
        int depth = 0;
        for (int i = m.end() - 1; i < text.length(); i++) {
          char c = text.charAt(i);
          if (c == '{') {
            depth++;
          } else if (c == '}' && --depth == 0) {
            return text.substring(m.start(), i + 1);
          }
        }
      }
    }
    throw new IllegalArgumentException("no " + kind + " \"" + type + "\" \"" + name + "\"");
  }

  private Map<String, Object> block(String kind, String type, String name) {
    Object block = blockOrNull(kind, type, name);
    if (block == null) {
      throw new IllegalArgumentException("no " + kind + " " + type + "." + name + " in " + folder);
    }
    return map(block);
  }

  private Object blockOrNull(String kind, String type, String name) {
    return map(map(merged.get(kind)).get(type)).get(name);
  }

  /**
   * hcl4j accepts some broken files (an unclosed block parses as if closed): braces, brackets,
   * parentheses and quotes must pair up, with {@code ${...}} inside strings and comments followed.
   */
  static void checkBalanced(String file, String text) {
    java.util.ArrayDeque<Character> open = new java.util.ArrayDeque<>();
    int line = 1;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      boolean inString = !open.isEmpty() && open.peek() == '"';
      if (c == '\n') {
        line++;
      }
      if (inString) {
        if (c == '\\') {
          i += 2;
          continue;
        }
        if (c == '"') {
          open.pop();
        } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
          open.push('{');
          i++;
        }
      } else if (c == '#' || (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/')) {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
        continue;
      } else if (c == '"' || c == '{' || c == '[' || c == '(') {
        open.push(c);
      } else if (c == '}' || c == ']' || c == ')') {
        char expected = c == '}' ? '{' : c == ']' ? '[' : '(';
        if (open.isEmpty() || open.peek() != expected) {
          throw new IllegalArgumentException(
              "cannot parse " + file + ": unexpected '" + c + "' on line " + line);
        }
        open.pop();
      }
      i++;
    }
    if (!open.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot parse " + file + ": '" + open.peek() + "' not closed at the end of the file");
    }
  }

  private static Map<String, Object> parse(
      String file, String text, Map<String, Object> variables) {
    checkBalanced(file, text);
    HCLParser parser = new HCLParser();
    parser.setVariables(new LinkedHashMap<>(variables));
    parser.registerFunction("jsonencode", TerraformDefinitions::jsonencode);
    // hcl4j prints a line to System.out for every conditional it meets: keep stdout clean
    synchronized (TerraformDefinitions.class) {
      java.io.PrintStream out = System.out;
      System.setOut(
          new java.io.PrintStream(
              java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
      try {
        return parser.parse(text, Boolean.TRUE);
      } catch (HCLParserException | IOException | RuntimeException e) {
        throw new IllegalArgumentException("cannot parse " + file + ": " + e.getMessage(), e);
      } finally {
        System.setOut(out);
      }
    }
  }

  private static Object jsonencode(List<Object> arguments) {
    try {
      return JSON.writeValueAsString(arguments.isEmpty() ? null : plain(arguments.get(0)));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("jsonencode of " + arguments, e);
    }
  }

  /** Maps, lists and literals as they are; a reference (an hcl4j symbol) as its text. */
  private static Object plain(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
      return copy;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(TerraformDefinitions::plain).toList();
    }
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    return String.valueOf(value);
  }

  @SuppressWarnings("unchecked")
  private static void mergeInto(Map<String, Object> into, Map<String, Object> from) {
    for (var entry : from.entrySet()) {
      Object existing = into.get(entry.getKey());
      if (existing instanceof Map<?, ?> a && entry.getValue() instanceof Map<?, ?> b) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) a);
        mergeInto(copy, (Map<String, Object>) b);
        into.put(entry.getKey(), copy);
      } else {
        into.put(entry.getKey(), entry.getValue());
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** A list attribute as a list (a single block or value as a list of one). */
  public static List<Object> list(Object value) {
    if (value instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    return value == null ? List.of() : List.of(value);
  }

  private static Set<String> names(Object kindBlocks) {
    Set<String> names = new LinkedHashSet<>();
    map(kindBlocks)
        .forEach((type, byName) -> map(byName).keySet().forEach(n -> names.add(type + "." + n)));
    return names;
  }

  private static String number(Number n) {
    double d = n.doubleValue();
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
