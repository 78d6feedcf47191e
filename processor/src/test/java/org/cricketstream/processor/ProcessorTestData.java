package org.cricketstream.processor;

import java.nio.file.Path;
import java.util.Optional;
import org.cricketstream.cricsheet.read.CricsheetData;
import org.cricketstream.testsupport.Fixtures;

/**
 * Test data for the processor: the cricsheet module's fixtures, and the real sample when present.
 */
final class ProcessorTestData {
  private ProcessorTestData() {}

  static Path fixtures() {
    return Fixtures.folder();
  }

  static Optional<Path> real() {
    return CricsheetData.real();
  }
}
