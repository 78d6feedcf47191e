package org.cricketstream.bench;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cricketstream.cricsheet.generate.MatchGenerator;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.MatchFormat;
import org.cricketstream.topics.Json;

/**
 * How fast this machine is now, measured by a fixed piece of the stack's own kind of work on one
 * thread: one generated ODI's deliveries written as JSON and read back, a fixed number of times.
 * The same code loaded the whole sample in 59.7 s in one hour of December 6, 2026 and in 79-85 s
 * three hours later, its processes spending 35-45% more CPU seconds on the same work, so each run
 * carries a figure of the machine's own. Compare its CPU time (the wall time also counts what else
 * runs), and a reading before a run with others before: in a JVM that has run the bench the same
 * work reads 12-17% slower. In one hour it put four loads in their order, in another it did not
 * (docs/PERFORMANCE.md); runs back to back remain the comparison to trust.
 */
final class MachineSpeed {
  /** The generated match whose deliveries make the work: the same for every run. */
  static final long SEED = 7;

  /** Rounds over the match's deliveries timed, after as many again untimed (to compile them). */
  static final int ROUNDS = 400;

  /** One measurement: the work's CPU time on its thread and its wall time, and its size. */
  record Reading(double cpuMs, double wallMs, long roundTrips) {
    Map<String, Object> figures() {
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("cpuMs", Math.round(cpuMs));
      figures.put("wallMs", Math.round(wallMs));
      figures.put("roundTrips", roundTrips);
      return figures;
    }
  }

  private static final ObjectWriter WRITER = Json.MAPPER.writerFor(Delivery.class);
  private static final ObjectReader READER = Json.MAPPER.readerFor(Delivery.class);

  private MachineSpeed() {}

  /** The deliveries the work writes and reads back. */
  static List<Delivery> workload() {
    return new MatchGenerator(SEED).generate(MatchFormat.ODI, 0).deliveries();
  }

  /** Measures {@code rounds} rounds over {@code deliveries}, after as many untimed. */
  static Reading measure(List<Delivery> deliveries, int rounds) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < rounds; i++) {
      roundTrip(deliveries);
    }
    long cpuStart = threads.getCurrentThreadCpuTime();
    long wallStart = System.nanoTime();
    long done = 0;
    for (int i = 0; i < rounds; i++) {
      done += roundTrip(deliveries).size();
    }
    double cpuMs = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
    double wallMs = (System.nanoTime() - wallStart) / 1e6;
    return new Reading(cpuMs, wallMs, done);
  }

  /** {@link #measure} of the fixed work: {@link #ROUNDS} over {@link #workload}. */
  static Reading measure() {
    return measure(workload(), ROUNDS);
  }

  /** Each delivery written as JSON and read back. */
  static List<Delivery> roundTrip(List<Delivery> deliveries) {
    List<Delivery> read = new ArrayList<>(deliveries.size());
    try {
      for (Delivery delivery : deliveries) {
        read.add(READER.readValue(WRITER.writeValueAsBytes(delivery)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a delivery that does not read back as written", e);
    }
    return read;
  }
}
