package io.meridian.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plain scalars keep the spelling they were written with; YAML's typing must not change data. */
class ScalarSpellingTest {

  private static final String ZONE =
      """
      zones:
        - name: example.test.
          soa: { mname: ns1, rname: hostmaster }
          records:
            - { name: 007, type: A, value: 192.0.2.7 }
            - { name: txt, type: TXT, values: [1.10, yes, 1e3, 0x1F] }
      """;

  @Test
  void numbersAndBooleansAreReadAsWritten() throws Exception {
    MeridianConfig config = ConfigReader.read(ZONE, "test", Path.of("."));
    List<RecordConfig> records = config.zones().get(0).records();
    assertEquals("007", records.get(0).name());
    assertEquals(List.of("1.10", "yes", "1e3", "0x1F"), records.get(1).values());
  }

  @Test
  void anEmptyListenListIsAProblem() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> ConfigReader.read("server: { listen: [] }\n" + ZONE, "test", Path.of(".")));
    assertEquals(1, e.problems().size());
    assertTrue(
        e.problems()
            .get(0)
            .toString()
            .startsWith("server.listen (line 1): must list at least one address"),
        e.problems().toString());
  }
}
