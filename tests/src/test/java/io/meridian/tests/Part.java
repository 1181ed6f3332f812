package io.meridian.tests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A part of a scenario that runs by itself — a {@code meridian} JVM or {@code unbound}, as a
 * process of this machine or in a container — read through what it prints and stopped by signals.
 */
interface Part extends AutoCloseable {

  Pattern LISTENING = Pattern.compile("listening on udp\\+tcp (\\S+):(\\d+)");

  /** Everything it printed so far. */
  String output();

  boolean isAlive();

  /** Sends the signal ({@code KILL}, {@code STOP}, {@code HUP}...). */
  void signal(String name) throws Exception;

  /** Waits for a line matching {@code pattern} and returns its first group (or the match). */
  default String awaitLine(String pattern) {
    Pattern p = Pattern.compile(pattern);
    await("to print " + pattern).atMost(Duration.ofSeconds(60))
        .until(() -> p.matcher(output()).find() || !isAlive());
    Matcher m = p.matcher(output());
    if (!m.find()) {
      throw new AssertionError("exited before printing " + pattern + ":\n" + output());
    }
    return m.groupCount() > 0 ? m.group(1) : m.group();
  }

  /** Waits for a DNS server's line announcing the address it bound, and returns it. */
  default InetSocketAddress awaitListening() throws IOException {
    awaitLine(LISTENING.pattern());
    Matcher m = LISTENING.matcher(output());
    m.find();
    String host = m.group(1).replace("[", "").replace("]", "");
    return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(m.group(2)));
  }
}
