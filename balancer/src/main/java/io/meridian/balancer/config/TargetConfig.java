package io.meridian.balancer.config;

import static java.util.Objects.requireNonNull;

/**
 * One backend.
 *
 * @param name unique in its group; the value of an inserted sticky cookie and the ring identity
 * @param host IP literal
 * @param port TCP port
 * @param weight relative share for weighted algorithms; 0 keeps the target configured but unused
 */
public record TargetConfig(String name, String host, int port, int weight) {

  public TargetConfig {
    requireNonNull(name, "name");
    requireNonNull(host, "host");
  }

  public String address() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
