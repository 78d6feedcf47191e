package org.cricketstream.warehouse.schema;

/** A column of a warehouse table, with the Java type its staged values have. */
public record Column(String name, Type type) {

  /** What a staged value is, and so how each dialect's fast path writes it. */
  public enum Type {
    /** {@link String}. */
    TEXT,
    /** {@link Integer}. */
    INT,
    /** {@link Long}. */
    LONG,
    /** {@link Boolean}. */
    BOOL,
    /** {@link java.time.LocalDate}. */
    DATE,
    /** {@code byte[]}. */
    BYTES
  }

  public static Column text(String name) {
    return new Column(name, Type.TEXT);
  }

  public static Column integer(String name) {
    return new Column(name, Type.INT);
  }

  public static Column bigint(String name) {
    return new Column(name, Type.LONG);
  }

  public static Column bool(String name) {
    return new Column(name, Type.BOOL);
  }

  public static Column date(String name) {
    return new Column(name, Type.DATE);
  }

  public static Column bytes(String name) {
    return new Column(name, Type.BYTES);
  }
}
