package org.cricketstream.cricsheet.write;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.Match;

/** Says where two matches differ, field by field, for a readable test failure. */
final class Differences {
  private Differences() {}

  static String between(Match expected, Match actual) {
    List<String> found = new ArrayList<>();
    fields("info", expected.info(), actual.info(), found);
    if (expected.innings().size() != actual.innings().size()) {
      found.add("innings count " + expected.innings().size() + " vs " + actual.innings().size());
      return String.join("; ", found);
    }
    for (int i = 0; i < expected.innings().size(); i++) {
      Innings e = expected.innings().get(i);
      Innings a = actual.innings().get(i);
      fields("innings " + e.number(), e.header(), a.header(), found);
      if (e.deliveries().size() != a.deliveries().size()) {
        found.add(
            "innings "
                + e.number()
                + " deliveries "
                + e.deliveries().size()
                + " vs "
                + a.deliveries().size());
        continue;
      }
      for (int j = 0; j < e.deliveries().size(); j++) {
        Delivery ed = e.deliveries().get(j);
        Delivery ad = a.deliveries().get(j);
        if (!ed.equals(ad)) {
          fields("delivery " + ed.key(), ed, ad, found);
          break;
        }
      }
    }
    return found.isEmpty() ? "equal field by field" : String.join("; ", found);
  }

  /** The fields of two records that differ, down through lists of records. */
  static String between(Record expected, Record actual) {
    List<String> found = new ArrayList<>();
    deep(expected.getClass().getSimpleName(), expected, actual, found);
    return found.isEmpty() ? "equal field by field" : String.join("; ", found);
  }

  private static void deep(String where, Object expected, Object actual, List<String> found) {
    if (Objects.equals(expected, actual)) {
      return;
    }
    if (expected instanceof Record e && actual instanceof Record a) {
      for (RecordComponent component : e.getClass().getRecordComponents()) {
        try {
          deep(
              where + "." + component.getName(),
              component.getAccessor().invoke(e),
              component.getAccessor().invoke(a),
              found);
        } catch (IllegalAccessException | InvocationTargetException ex) {
          throw new IllegalStateException(ex);
        }
      }
    } else if (expected instanceof List<?> e
        && actual instanceof List<?> a
        && e.size() == a.size()) {
      for (int i = 0; i < e.size(); i++) {
        deep(where + "[" + i + "]", e.get(i), a.get(i), found);
      }
    } else {
      found.add(where + ": expected " + expected + " but was " + actual);
    }
  }

  private static void fields(String where, Record expected, Record actual, List<String> found) {
    for (RecordComponent component : expected.getClass().getRecordComponents()) {
      try {
        Object e = component.getAccessor().invoke(expected);
        Object a = component.getAccessor().invoke(actual);
        if (!Objects.equals(e, a)) {
          found.add(where + "." + component.getName() + ": expected " + e + " but was " + a);
        }
      } catch (IllegalAccessException | InvocationTargetException ex) {
        throw new IllegalStateException(ex);
      }
    }
  }
}
