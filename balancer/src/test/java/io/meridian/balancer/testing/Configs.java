package io.meridian.balancer.testing;

import io.meridian.balancer.config.BalancerConfig;
import io.meridian.balancer.config.BalancerConfigReader;
import io.meridian.core.config.InvalidConfigException;
import java.nio.file.Path;

/** Reads test configs through the real reader, so every test also exercises validation. */
public final class Configs {

  private Configs() {}

  public static BalancerConfig parse(String yaml) {
    try {
      return BalancerConfigReader.read(yaml, "test.yaml", Path.of("."));
    } catch (InvalidConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** One plain HTTP listener on an ephemeral port, one event loop, then {@code rest}. */
  public static BalancerConfig http(String rest) {
    return parse(
        "event_loops: 1\nlisteners:\n  - name: http\n    address: 127.0.0.1:0\n" + rest);
  }
}
