package org.cricketstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** {@link StatusCommand}'s line of a supervised component, for tests of other packages. */
public final class StatusAccess {
  private StatusAccess() {}

  public static String summary(JsonNode kept) {
    return StatusCommand.summary(new ObjectMapper().convertValue(kept, Map.class));
  }
}
