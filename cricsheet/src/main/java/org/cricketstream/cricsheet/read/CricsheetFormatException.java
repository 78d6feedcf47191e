package org.cricketstream.cricsheet.read;

/**
 * Input that is not a valid Cricsheet match. It always says where: the file (or zip entry, or
 * stream coordinates) and the line or key path inside it.
 */
public class CricsheetFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String origin;
  private final String location;
  private final String reason;

  public CricsheetFormatException(String origin, String location, String reason) {
    this(origin, location, reason, null);
  }

  public CricsheetFormatException(String origin, String location, String reason, Throwable cause) {
    super(origin + ": " + location + ": " + reason, cause);
    this.origin = origin;
    this.location = location;
    this.reason = reason;
  }

  /** The file, zip entry or stream coordinates the bad input came from. */
  public String origin() {
    return origin;
  }

  /** Where inside it: "line 12", "line 40 (innings[0].deliveries[3])", or a key path. */
  public String location() {
    return location;
  }

  /** What is wrong, without the location. */
  public String reason() {
    return reason;
  }
}
