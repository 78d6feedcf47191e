package org.cricketstream.warehouse.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A warehouse table as the loader sees it: its columns in staging order, its key, and how a batch
 * merges into it. Its DDL lives in the versioned migrations; {@code WarehouseSchemaTest} keeps the
 * two in step.
 *
 * @param key the columns of its primary key
 * @param merge how staged rows reach the table
 * @param parentKey for a {@link Merge#REPLACE_CHILDREN} table, the column naming its parent row
 */
public record Table(
    String name, List<Column> columns, List<String> key, Merge merge, String parentKey) {

  /** How a batch's staged rows reach the table. */
  public enum Merge {
    /** Insert new keys, overwrite existing ones. */
    UPSERT,
    /** Insert new keys, keep existing ones (the raw landing layer: a record never changes). */
    INSERT_NEW,
    /** Rows that belong to a parent row: replaced whole whenever the parent is written. */
    REPLACE_CHILDREN
  }

  public Table {
    columns = List.copyOf(columns);
    key = List.copyOf(key);
  }

  /**
   * The name's hash: tables are map keys for every row a batch holds, and a record's own hash goes
   * through every column (3.9% of the sink's Java time in {@code bench e2e}). Equal tables have
   * equal names, so this agrees with {@link #equals}.
   */
  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /** The temporary table a batch is loaded into before it is merged. */
  public String stagingName() {
    return "stage_" + name;
  }

  public String columnList() {
    return columns.stream().map(Column::name).collect(Collectors.joining(", "));
  }

  /**
   * The same table with its key columns only, in key order: the layout of a staging table that
   * holds a batch's keys.
   */
  public Table keysOnly() {
    return new Table(name, key.stream().map(this::column).toList(), key, merge, parentKey);
  }

  /** The rows' keys, laid out as {@link #keysOnly}. */
  public List<Object[]> keysOf(List<Object[]> rows) {
    int[] at = key.stream().mapToInt(k -> columns.indexOf(column(k))).toArray();
    List<Object[]> keys = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      Object[] k = new Object[at.length];
      for (int i = 0; i < at.length; i++) {
        k[i] = row[at[i]];
      }
      keys.add(k);
    }
    return keys;
  }

  private Column column(String columnName) {
    return columns.stream()
        .filter(c -> c.name().equals(columnName))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(name + " has no column " + columnName));
  }

  /** The single-column key of an entity table. */
  public String keyColumn() {
    if (key.size() != 1) {
      throw new IllegalStateException(name + " has a composite key " + key);
    }
    return key.get(0);
  }
}
