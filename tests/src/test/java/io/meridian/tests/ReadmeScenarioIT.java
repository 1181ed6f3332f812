package io.meridian.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The README's promise: {@code meridian up} with no arguments serves the embedded default on
 * 127.0.0.1:5353, and every {@code dig} line in the README works against it as its comment says.
 */
class ReadmeScenarioIT {

  @Test
  void theReadmeDigLinesWorkAgainstTheEmbeddedDefault() throws Exception {
    assumeDig();
    List<String> lines = readmeDigLines();
    assertTrue(lines.size() >= 5, "the README shows dig lines: " + lines);
    try (MeridianProcess meridian = MeridianProcess.start("up")) {
      var address = meridian.awaitListening();
      assertEquals(5353, address.getPort(), "the README says 127.0.0.1:5353");
      for (String line : lines) {
        String command = line.substring(0, line.indexOf('#')).trim();
        String comment = line.substring(line.indexOf('#') + 1);
        String out = dig(command);
        if (comment.contains("NXDOMAIN")) {
          assertTrue(out.contains("status: NXDOMAIN"), line + "\n" + out);
        } else if (comment.contains("referral")) {
          assertTrue(
              out.contains("status: NOERROR")
                  && out.contains("flags: qr rd;")
                  && out.contains("AUTHORITY: 1"),
              line + "\n" + out);
        } else {
          assertTrue(
              out.contains("status: NOERROR") && out.contains(" aa") && !out.contains("ANSWER: 0"),
              line + "\n" + out);
          // "# 127.0.0.11: ..." promises that address
          java.util.regex.Matcher promised =
              java.util.regex.Pattern.compile("^\\s*(\\d+\\.\\d+\\.\\d+\\.\\d+):").matcher(comment);
          if (promised.find()) {
            assertTrue(out.matches("(?s).*\\tA\\t" + promised.group(1).replace(".", "\\.") + "\\s.*"),
                line + "\n" + out);
          }
        }
      }
      meridian.stop();
    }
  }

  private static List<String> readmeDigLines() throws IOException {
    Path readme =
        Path.of(System.getProperty("meridian.config", "../config")).resolveSibling("README.md");
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(readme)) {
      if (line.startsWith("dig @127.0.0.1 -p 5353 ") && line.contains("#")) {
        out.add(line);
      }
    }
    return out;
  }

  private static String dig(String command) throws Exception {
    List<String> args = new ArrayList<>(List.of(command.split("\\s+")));
    args.add("+time=5");
    args.add("+tries=1");
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), command);
    assertEquals(0, p.exitValue(), command + "\n" + out);
    assertFalse(out.isBlank());
    return out;
  }

  private static void assumeDig() {
    boolean installed;
    try {
      installed = new ProcessBuilder("dig", "-v").start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      installed = false;
    }
    if (!installed && "true".equals(System.getenv("CI"))) {
      fail("dig is required in CI (apt-get install dnsutils)");
    }
    Assumptions.assumeTrue(installed, "dig is not installed (apt-get install dnsutils)");
  }
}
