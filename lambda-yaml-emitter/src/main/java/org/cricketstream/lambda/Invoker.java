package org.cricketstream.lambda;

/**
 * Runs one invocation of the function with an event, and says how it ended: in this JVM ({@link
 * DirectInvoker}) or through the Lambda invoke API of a real runtime ({@link RuntimeEmulator}).
 */
public interface Invoker extends AutoCloseable {
  /** Invokes with the event's JSON and waits until the invocation ended. */
  Invocation invoke(String eventJson);

  /**
   * Whether invocations may run at the same time. Lambda gives each overlapping invocation an
   * execution environment of its own; one emulator is one environment, so it takes one at a time.
   */
  boolean concurrent();

  @Override
  void close();

  /** How an invocation ended: what Lambda's invoke API answers. */
  enum Outcome {
    SUCCEEDED,
    /** The handler threw (Lambda: function error "Unhandled"); the payload is the error JSON. */
    FAILED,
    /** The runtime stopped the handler at the function's timeout. */
    TIMED_OUT
  }

  /**
   * One invocation's end.
   *
   * @param payload the handler's result as JSON, the error document, or the runtime's timeout
   *     message
   */
  record Invocation(Outcome outcome, String payload) {}
}
