package io.meridian.dns.io;

import java.util.List;

/** Names of the live threads, to check what a server started and stopped. */
final class Threads {

  private Threads() {}

  static List<String> alive() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .toList();
  }

  /** Threads of this module's servers: UDP workers and Vert.x. */
  static List<String> serverThreads() {
    return alive().stream()
        .filter(n -> n.startsWith("dns-udp-") || n.startsWith("vert.x-") || n.startsWith("vertx-"))
        .toList();
  }
}
