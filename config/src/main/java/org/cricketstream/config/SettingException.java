package org.cricketstream.config;

/**
 * A setting or option a user gave that cannot be used. Its message is one line naming the setting
 * and what is expected; commands print it without a stack trace and exit with code 2.
 */
public final class SettingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SettingException(String message) {
    super(message);
  }
}
