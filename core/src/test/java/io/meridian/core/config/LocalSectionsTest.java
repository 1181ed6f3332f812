package io.meridian.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The process-local sections core reads ({@code demo_backends}) and the one it leaves to another
 * module ({@code balancers}, through a {@link ConfigExtension}): read in the same pass, so their
 * problems come with the rest of the document's.
 */
class LocalSectionsTest {

  static final String BASE = """
      regions:
        eu-west: { latitude: 53.35, longitude: -6.26 }
      zones:
        - name: a.test.
          soa: { mname: ns1, rname: hostmaster }
          records:
            - { name: "@", type: NS, value: ns1 }
      """;

  /** Counts the section's entries and says which of them lack a name. */
  static final ConfigExtension<Integer> COUNTING =
      new ConfigExtension<>() {
        @Override
        public String section() {
          return "balancers";
        }

        @Override
        public Integer read(ConfigNode node, ConfigNode root, Path baseDir) {
          List<ConfigNode> items = node.elements();
          for (ConfigNode item : items) {
            if (item.field("name").isMissing()) {
              item.field("name").problem("is required");
            }
          }
          return items.size();
        }
      };

  static MeridianConfig read(String extra, ConfigExtension<?>... extensions)
      throws InvalidConfigException {
    return ConfigReader.read(BASE + extra, "t.yaml", Path.of("."), List.of(extensions));
  }

  @Test
  void demoBackendsAreRead() throws Exception {
    MeridianConfig config = read("""
        demo_backends:
          - { name: eu-1, region: eu-west, listen: "127.0.0.11:9001" }
        """);
    assertEquals(
        List.of(new DemoBackendConfig("eu-1", "eu-west", new InetSocketAddress("127.0.0.11", 9001))),
        config.demoBackends());
  }

  @Test
  void demoBackendProblemsHaveTheirPaths() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read("""
        demo_backends:
          - { name: eu-1, region: mars, listen: "127.0.0.11:9001" }
          - { name: eu-1, region: eu-west, listen: "somewhere:80" }
          - { name: eu-2, region: eu-west, listen: "127.0.0.11:9001", colour: red }
        """));
    List<String> problems = e.problems().stream().map(p -> p.path() + ": " + p.message()).toList();
    assertEquals(4, problems.size(), problems.toString());
    assertEquals("demo_backends[0].region: unknown region 'mars' (known: eu-west)", problems.get(0));
    assertEquals("demo_backends[1].name: duplicate demo backend 'eu-1'", problems.get(1));
    assertTrue(problems.get(2).startsWith("demo_backends[1].listen: 'somewhere:80' is not an IP"),
        problems.get(2));
    assertTrue(problems.get(3).startsWith("demo_backends[2].colour: unknown property"), problems.get(3));
  }

  @Test
  void anExtensionReadsItsSectionInTheSamePass() throws Exception {
    String doc = """
        balancers:
          - { name: lb }
          - { region: eu-west }
        server: { udp_payload_size: 1 }
        """;
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> read(doc, COUNTING));
    List<String> paths = e.problems().stream().map(Problem::path).toList();
    assertEquals(List.of("server.udp_payload_size", "balancers[1].name"), paths);

    MeridianConfig config = read("balancers: [{ name: a }, { name: b }]\n", COUNTING);
    assertEquals(Optional.of(2), config.section(COUNTING));
  }

  @Test
  void withoutItsExtensionTheSectionIsSkipped() throws Exception {
    MeridianConfig config = read("balancers: [{ anything: goes }]\n");
    assertEquals(Optional.empty(), config.section(COUNTING));
  }

  @Test
  void onlyKnownSectionsCanBeExtended() {
    ConfigExtension<String> stray = new ConfigExtension<>() {
      @Override
      public String section() {
        return "zones";
      }

      @Override
      public String read(ConfigNode node, ConfigNode root, Path baseDir) {
        return "";
      }
    };
    assertThrows(IllegalArgumentException.class, () -> read("", stray));
  }

  @Test
  void bothAreProcessLocal() {
    assertTrue(ConfigDocuments.LOCAL.containsAll(List.of("balancers", "demo_backends")));
  }
}
