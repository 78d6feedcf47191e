package org.cricketstream.lambda;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge {@code rate(...)} schedule expression and its period. EventBridge accepts minutes,
 * hours and days; seconds are accepted too, for the local runner and tests only.
 */
public record ScheduleExpression(String expression, Duration period) {
  private static final Pattern RATE =
      Pattern.compile("rate\\(\\s*([1-9][0-9]*)\\s+(second|minute|hour|day)s?\\s*\\)");

  public static ScheduleExpression parse(String expression) {
    Matcher m = RATE.matcher(expression.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a rate() schedule expression: '" + expression + "' (e.g. rate(1 minute))");
    }
    long n = Long.parseLong(m.group(1));
    Duration period =
        switch (m.group(2)) {
          case "second" -> Duration.ofSeconds(n);
          case "minute" -> Duration.ofMinutes(n);
          case "hour" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
    return new ScheduleExpression(expression.trim(), period);
  }

  @Override
  public String toString() {
    return expression;
  }
}
