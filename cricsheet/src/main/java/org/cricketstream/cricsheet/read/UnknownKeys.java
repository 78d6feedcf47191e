package org.cricketstream.cricsheet.read;

import java.util.Set;
import java.util.TreeSet;

/**
 * The keys of one match file that its reader does not know, each named by where it stands ({@code
 * info.foo}, {@code delivery.runs.bar}; CSV2 info keys as {@code info,foo}). Cricsheet adds and
 * retires keys over the years: a key that decides no scorecard is no reason to refuse a match, but
 * it is not dropped in silence either. {@code ./cricket validate} counts files per key.
 */
public final class UnknownKeys {
  private final Set<String> keys = new TreeSet<>();

  /** Records an unknown key at a place ("info", "delivery.runs"), or at the top when empty. */
  void add(String where, String key) {
    String name = key.isEmpty() ? "\"\"" : key; // one real file has outcome.by: {'': 0}
    keys.add(where.isEmpty() ? name : where + (where.startsWith("info,") ? "," : ".") + name);
  }

  /** The unknown keys, sorted. */
  public Set<String> keys() {
    return Set.copyOf(keys);
  }
}
