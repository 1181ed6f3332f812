package io.meridian.dns.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real {@code dig}. Where dig is missing, tests using it are skipped, except in CI ({@code
 * CI=true}), which must have it: there a missing dig fails the build.
 */
final class Dig {

  private Dig() {}

  static void assumeInstalled() {
    boolean installed;
    try {
      Process p = new ProcessBuilder("dig", "-v").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      installed = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      installed = false;
    }
    if (!installed && "true".equals(System.getenv("CI"))) {
      fail("dig is required in CI (apt-get install dnsutils)");
    }
    Assumptions.assumeTrue(installed, "dig is not installed (apt-get install dnsutils)");
  }

  /**
   * @return dig's output; fails the test if dig does not finish or exits non-zero
   */
  static String run(InetSocketAddress server, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "dig",
                "@" + server.getAddress().getHostAddress(),
                "-p",
                String.valueOf(server.getPort()),
                "+time=5",
                "+tries=1"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "dig did not finish");
    assertEquals(0, process.exitValue(), "dig failed:\n" + out);
    return out;
  }

  /** The records of dig's ANSWER SECTION, one string each. */
  static List<String> answers(String output) {
    return section(output, ";; ANSWER SECTION:");
  }

  static List<String> section(String output, String header) {
    List<String> out = new ArrayList<>();
    boolean in = false;
    for (String line : output.split("\n")) {
      if (line.startsWith(header)) {
        in = true;
      } else if (in && (line.isBlank() || line.startsWith(";;"))) {
        in = false;
      } else if (in) {
        out.add(line.trim().replaceAll("\\s+", " "));
      }
    }
    return out;
  }
}
