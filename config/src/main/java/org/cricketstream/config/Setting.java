package org.cricketstream.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One setting, declared once: its environment variable, default, parser, validation and help. A
 * value that does not parse or validate is a {@link SettingException} whose message is one line
 * naming the variable, the value and what is expected.
 *
 * @param <T> the parsed value's type
 */
public final class Setting<T> {
  /** Parses a text into a value, or throws any exception to say it is not one. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String text) throws Exception;
  }

  private static final Pattern SHORT_DURATION =
      Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

  private final String name;
  private final String defaultText;
  private final String expected;
  private final String help;
  private final Parser<T> parser;
  private final Predicate<T> valid;
  private final boolean secret;

  private Setting(
      String name,
      String defaultText,
      String expected,
      String help,
      Parser<T> parser,
      Predicate<T> valid,
      boolean secret) {
    if (!name.matches("[A-Z][A-Z0-9_]*")) {
      throw new IllegalArgumentException("not an environment variable name: " + name);
    }
    this.name = name;
    this.defaultText = defaultText;
    this.expected = expected;
    this.help = help;
    this.parser = parser;
    this.valid = valid;
    this.secret = secret;
    if (defaultText != null) {
      parse(defaultText); // a default that does not parse is a bug: fail where it is declared
    }
  }

  /** Any text; {@code defaultText} null means the setting has no default (optional). */
  public static Setting<String> text(String name, String defaultText, String help) {
    return new Setting<>(name, defaultText, "a non-empty text", help, s -> s, s -> true, false);
  }

  /** A whole number. */
  public static Setting<Integer> integer(String name, int defaultValue, String help) {
    return new Setting<>(
        name,
        Integer.toString(defaultValue),
        "a whole number",
        help,
        s -> Integer.valueOf(s.strip()),
        v -> true,
        false);
  }

  /** A whole number that may be large. */
  public static Setting<Long> longInteger(String name, long defaultValue, String help) {
    return new Setting<>(
        name,
        Long.toString(defaultValue),
        "a whole number",
        help,
        s -> Long.valueOf(s.strip()),
        v -> true,
        false);
  }

  /** A decimal number. */
  public static Setting<Double> decimal(String name, double defaultValue, String help) {
    return new Setting<>(
        name,
        Double.toString(defaultValue),
        "a number",
        help,
        s -> {
          double d = Double.parseDouble(s.strip());
          if (!Double.isFinite(d)) {
            throw new NumberFormatException(s);
          }
          return d;
        },
        v -> true,
        false);
  }

  /** A file or folder path. */
  public static Setting<Path> path(String name, String defaultText, String help) {
    return new Setting<>(name, defaultText, "a path", help, Path::of, p -> true, false);
  }

  /**
   * A duration: ISO-8601 ({@code P7D}, {@code PT30S}) or a number with a unit ({@code 500ms},
   * {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}).
   */
  public static Setting<Duration> duration(String name, String defaultText, String help) {
    return new Setting<>(
        name,
        defaultText,
        "a duration such as P7D, PT30S, 7d, 30s or 500ms",
        help,
        Setting::parseDuration,
        d -> true,
        false);
  }

  /** Parses a duration as {@link #duration} does; throws if it is none. */
  public static Duration parseDuration(String text) {
    String s = text.strip();
    Matcher m = SHORT_DURATION.matcher(s);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    return Duration.parse(s.toUpperCase(Locale.ROOT));
  }

  /** One of an enum's constants, by name, case-insensitively. */
  public static <E extends Enum<E>> Setting<E> choice(
      String name, Class<E> type, E defaultValue, String help) {
    StringBuilder names = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      names.append(names.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
    }
    return new Setting<>(
        name,
        defaultValue == null ? null : defaultValue.name().toLowerCase(Locale.ROOT),
        "one of " + names,
        help,
        s -> Enum.valueOf(type, s.strip().toUpperCase(Locale.ROOT)),
        v -> true,
        false);
  }

  /** A numeric setting with values outside {@code [min, max]} refused. */
  public Setting<T> between(long min, long max) {
    return check(
        v -> ((Number) v).doubleValue() >= min && ((Number) v).doubleValue() <= max,
        expected + " from " + min + " to " + max);
  }

  /** A duration setting that must be longer than zero. */
  public Setting<T> positive() {
    return check(
        v ->
            v instanceof Duration d
                ? !d.isNegative() && !d.isZero()
                : ((Number) v).doubleValue() > 0,
        expected + ", more than zero");
  }

  /** This setting with an extra condition, and the words that say what is expected. */
  public Setting<T> check(Predicate<T> condition, String expectedNow) {
    return new Setting<>(
        name, defaultText, expectedNow, help, parser, valid.and(condition), secret);
  }

  /** This setting, whose value is never shown (passwords, keys). */
  public Setting<T> secret() {
    return new Setting<>(name, defaultText, expected, help, parser, valid, true);
  }

  /** The settings of several components as one list, each setting once, in order. */
  @SafeVarargs
  public static List<Setting<?>> union(List<Setting<?>>... lists) {
    java.util.LinkedHashSet<Setting<?>> union = new java.util.LinkedHashSet<>();
    for (List<Setting<?>> list : lists) {
      union.addAll(list);
    }
    return List.copyOf(union);
  }

  public String name() {
    return name;
  }

  /** The default as text, or empty when the setting has none. */
  public Optional<String> defaultText() {
    return Optional.ofNullable(defaultText);
  }

  public String help() {
    return help;
  }

  public boolean isSecret() {
    return secret;
  }

  /** The value in {@code env}, else the default; throws if there is neither. */
  public T read(Map<String, String> env) {
    return find(env)
        .orElseThrow(
            () ->
                new SettingException(
                    name + " is not set: expected " + expected + " (" + help + ")"));
  }

  /** The value in {@code env}, else the default, else empty. A blank value counts as unset. */
  public Optional<T> find(Map<String, String> env) {
    String text = env.get(name);
    if (text == null || text.isBlank()) {
      return defaultText == null ? Optional.empty() : Optional.of(parse(defaultText));
    }
    return Optional.of(parse(text));
  }

  /** Parses and validates one value of this setting. */
  public T parse(String text) {
    T value;
    try {
      value = parser.parse(text);
    } catch (Exception e) { // whatever the parser throws, the value is not one
      throw refused(text);
    }
    if (value == null || !valid.test(value)) {
      throw refused(text);
    }
    return value;
  }

  private SettingException refused(String text) {
    String shown = secret ? "(hidden)" : "\"" + printable(text) + "\"";
    return new SettingException(name + "=" + shown + ": expected " + expected);
  }

  /** The value as it can be shown on one line: control characters escaped, at most 80 chars. */
  private static String printable(String text) {
    StringBuilder b = new StringBuilder();
    text.codePoints()
        .limit(80)
        .forEach(
            c -> {
              if (c == '\n') {
                b.append("\\n");
              } else if (Character.isISOControl(c)) {
                b.append(String.format(Locale.ROOT, "\\u%04x", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return text.codePointCount(0, text.length()) > 80 ? b + "..." : b.toString();
  }

  @Override
  public String toString() {
    return name;
  }
}
