package io.meridian.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Where a scenario's parts run: processes of this machine, or containers ({@link Containers}). */
interface Launcher {

  /** Starts {@code meridian args...} with {@code env} added to its environment. */
  Part meridian(Map<String, String> env, String... args) throws IOException;

  /** Starts {@code unbound} in the foreground on the configuration file {@code config}. */
  Part unbound(Path config) throws IOException;

  /** Processes of this machine: the built jar on this JVM's java, unbound from its package. */
  Launcher PROCESSES = new Launcher() {
    @Override
    public Part meridian(Map<String, String> env, String... args) throws IOException {
      return MeridianProcess.start(env, args);
    }

    @Override
    public Part unbound(Path config) throws IOException {
      return new LocalProcess(new ProcessBuilder(Unbound.BINARY, "-d", "-c", config.toString()));
    }
  };
}
