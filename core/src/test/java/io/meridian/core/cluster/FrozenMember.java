package io.meridian.core.cluster;

import io.meridian.core.config.ClusterConfig;
import java.time.Duration;
import java.util.List;

/**
 * A cluster member in a JVM of its own, for tests that freeze it with SIGSTOP: {@code cluster port
 * members failureSeconds}. It prints {@code joined} once it is in, then waits to be killed.
 */
public final class FrozenMember {

  private FrozenMember() {}

  public static void main(String[] args) throws Exception {
    ClusterMember.start(new ClusterConfig(args[0], "127.0.0.1", Integer.parseInt(args[1]), 10,
        List.of(args[2]), Duration.ofSeconds(Long.parseLong(args[3]))), "test");
    System.out.println("joined");
    System.out.flush();
    Thread.currentThread().join();
  }
}
