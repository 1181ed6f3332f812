package io.meridian.tests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parts (and anything else) a scenario started, closed in reverse order; and the two steps
 * most cluster scenarios begin with: an admin API, then DNS servers. Parts start where the
 * launcher puts them; {@link #start} is always a process of this machine.
 */
final class Processes implements AutoCloseable {

  private final Launcher launcher;
  private final List<AutoCloseable> open = new ArrayList<>();

  Processes() {
    this(Launcher.PROCESSES);
  }

  Processes(Launcher launcher) {
    this.launcher = launcher;
  }

  /** Starts {@code meridian args...} with {@code env} on this machine; closed with the rest. */
  MeridianProcess start(Map<String, String> env, String... args) throws IOException {
    return add(MeridianProcess.start(env, args));
  }

  /** Starts {@code meridian args...} with {@code env} where the launcher runs parts. */
  Part launch(Map<String, String> env, String... args) throws IOException {
    return add(launcher.meridian(env, args));
  }

  Launcher launcher() {
    return launcher;
  }

  <T extends AutoCloseable> T add(T closeable) {
    open.add(closeable);
    return closeable;
  }

  /** {@code meridian admin} with {@code token} as its admin token; returns its API's base URL. */
  String admin(String config, String token) throws IOException {
    return launch(Map.of("MERIDIAN_ADMIN_TOKEN", token), "admin", "--config", config)
        .awaitLine("admin API on (http://\\S+)/v1");
  }

  /** {@code count} DNS servers, started one after the other; returns what they listen on. */
  List<InetSocketAddress> dnsServers(String config, int count) throws IOException {
    List<InetSocketAddress> servers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      servers.add(launch(Map.of(), "dns", "--config", config).awaitListening());
    }
    return servers;
  }

  @Override
  public void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    open.clear();
  }
}
