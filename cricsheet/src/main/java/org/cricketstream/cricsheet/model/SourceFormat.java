package org.cricketstream.cricsheet.model;

/** The Cricsheet file format a match was read from. */
public enum SourceFormat {
  JSON,
  CSV2,
  YAML
}
