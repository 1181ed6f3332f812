package io.meridian.agent.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The first sample seeds the average; later ones move it by alpha of the difference. */
class EwmaTest {

  @ParameterizedTest(name = "{0} then {1} -> {2}")
  @CsvSource({
    "NaN, 10, 10",
    "10, 20, 13",
    "10, 10, 10",
    "100, 0, 70",
    "13, 20, 15.1",
  })
  void movesByAlphaOfTheDifference(double previous, double sample, double expected) {
    assertEquals(expected, Ewma.next(previous, sample, HealthScheduler.RTT_ALPHA), 1e-9);
  }
}
