package org.cricketstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cricketstream.cricsheet.model.Delivery;
import org.junit.jupiter.api.Test;

/**
 * bench e2e's measure of the machine: the same work on every run, and work that cannot be skipped
 * (each delivery is read back equal to the one written).
 */
class MachineSpeedTest {
  @Test
  void theWorkIsTheSameMatchEveryTimeAndAWholeOne() {
    List<Delivery> work = MachineSpeed.workload();
    assertThat(MachineSpeed.workload()).isEqualTo(work);
    // an ODI innings is at most 50 overs: two of them and their extras are hundreds of balls
    assertThat(work).hasSizeGreaterThan(300);
    assertThat(work.stream().map(Delivery::innings).distinct()).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void everyDeliveryReadsBackAsWritten() {
    List<Delivery> work = MachineSpeed.workload();
    assertThat(MachineSpeed.roundTrip(work)).isEqualTo(work);
  }

  @Test
  void aReadingCountsTheRoundTripsItTimedAndTheirCpu() {
    List<Delivery> work = MachineSpeed.workload();
    MachineSpeed.Reading reading = MachineSpeed.measure(work, 3);
    assertThat(reading.roundTrips()).isEqualTo(3L * work.size());
    assertThat(reading.cpuMs()).isPositive();
    assertThat(reading.wallMs()).isPositive();
    assertThat(reading.figures()).containsOnlyKeys("cpuMs", "wallMs", "roundTrips");
  }
}
