package io.meridian.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meridian.core.health.RiseFall.State;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rise/fall as a table: a row feeds one result per second ({@code +} pass, {@code -} fail) and
 * lists the state after each ({@code ?} unknown, {@code U} up, {@code D} down).
 */
class RiseFallTest {

  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  /**
   * @param graceSeconds failures at t < grace are ignored; the first result is at t = 0
   * @param start the clock's value when checking starts (to show only differences matter)
   */
  record Case(
      String name,
      int rise,
      int fall,
      int graceSeconds,
      long start,
      String results,
      String states) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("unknown until rise successes", 3, 2, 0, 0, "+++", "??U"),
        new Case("unknown until fall failures", 2, 3, 0, 0, "---", "??D"),
        new Case("rise 1 and fall 1 follow every result", 1, 1, 0, 0, "+-+-", "UDUD"),
        new Case("up goes down after fall failures", 2, 3, 0, 0, "++---", "?UUUD"),
        new Case("down comes back after rise successes", 2, 2, 0, 0, "--++", "?DDU"),
        new Case("a success resets the failure run", 2, 3, 0, 0, "++--+--", "?UUUUUU"),
        new Case("a failure resets the success run", 3, 2, 0, 0, "--++-++", "?DDDDDD"),
        new Case("flapping held back when up (2/2)", 2, 2, 0, 0, "++-+-+-+-+", "?UUUUUUUUU"),
        new Case("flapping held back when down (2/2)", 2, 2, 0, 0, "---+-+-+-+", "?DDDDDDDDD"),
        new Case("flapping never leaves unknown (2/2)", 2, 2, 0, 0, "+-+-+-+-", "????????"),
        new Case("two-up-one-down held back by rise 3", 3, 2, 0, 0, "--++-++-++-", "?DDDDDDDDDD"),
        new Case("grace ignores early failures", 2, 2, 3, 0, "---++", "????U"),
        new Case("grace: failures do not break a success run", 2, 2, 3, 0, "+-+", "??U"),
        new Case("grace ends: failures count again", 1, 2, 2, 0, "--+--", "??UUD"),
        new Case("grace ignores failures only", 1, 1, 5, 0, "+-+-", "UUUU"),
        new Case("clock may start negative", 2, 2, 2, -3 * SECOND, "--++--", "???UUD"),
        new Case("clock may wrap", 1, 1, 2, Long.MAX_VALUE - SECOND, "--+-", "??UD"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void statesFollowTheTable(Case c) {
    RiseFall riseFall = new RiseFall(c.rise, c.fall, c.graceSeconds * SECOND, c.start);
    StringBuilder states = new StringBuilder();
    for (int i = 0; i < c.results.length(); i++) {
      State state = riseFall.record(c.results.charAt(i) == '+', c.start + i * SECOND);
      assertEquals(state, riseFall.state());
      states.append(
          switch (state) {
            case UNKNOWN -> '?';
            case UP -> 'U';
            case DOWN -> 'D';
          });
    }
    assertEquals(c.states, states.toString(), c.name + " with results " + c.results);
  }

  @Test
  void countsAreVisibleForDetail() {
    RiseFall riseFall = new RiseFall(3, 3, 0, 0);
    riseFall.record(true, 0);
    riseFall.record(true, 1);
    assertEquals(2, riseFall.successes());
    riseFall.record(false, 2);
    assertEquals(0, riseFall.successes());
    assertEquals(1, riseFall.failures());
    assertEquals("UNKNOWN (0/3 up, 1/3 down)", riseFall.toString());
  }

  @Test
  void takesThresholdsAndGraceFromTheSpec() {
    CheckSpec spec =
        CheckSpec.builder(CheckSpec.Type.TCP, 80)
            .rise(1)
            .fall(1)
            .startGrace(Duration.ofSeconds(2))
            .build();
    RiseFall riseFall = RiseFall.of(spec, 100);
    assertEquals(State.UNKNOWN, riseFall.record(false, 100 + SECOND));
    assertEquals(State.DOWN, riseFall.record(false, 100 + 2 * SECOND));
  }

  @Test
  void rejectsNonsense() {
    assertEquals(
        "rise must be at least 1 but was 0",
        assertThrows(IllegalArgumentException.class, () -> new RiseFall(0, 1, 0, 0)).getMessage());
    assertEquals(
        "fall must be at least 1 but was -1",
        assertThrows(IllegalArgumentException.class, () -> new RiseFall(1, -1, 0, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RiseFall(1, 1, -1, 0));
  }
}
