package io.meridian.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real {@code meridian} binary in its own JVM, with its output captured for assertions. */
final class MeridianProcess extends LocalProcess {

  private MeridianProcess(ProcessBuilder builder) throws IOException {
    super(builder);
  }

  /** The JVM options every meridian of a scenario runs with, here or in a container. */
  static final List<String> JVM_OPTIONS = List.of("-Xmx256m");

  static Path jar() {
    return Path.of(System.getProperty("meridian.jar", "../cli/target/meridian.jar"));
  }

  static MeridianProcess start(String... args) throws IOException {
    return start(java.util.Map.of(), args);
  }

  /** Starts meridian with {@code env} added to this process's environment. */
  static MeridianProcess start(java.util.Map<String, String> env, String... args) throws IOException {
    return startIn(null, env, args);
  }

  /** Starts meridian in {@code directory} (null: this process's), where relative paths start. */
  static MeridianProcess startIn(Path directory, java.util.Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    builder.environment().putAll(env);
    return new MeridianProcess(builder);
  }

  /** Runs a command that exits by itself, like check-config. */
  static MeridianProcess run(String... args) throws Exception {
    return run(java.util.Map.of(), args);
  }

  static MeridianProcess run(java.util.Map<String, String> env, String... args) throws Exception {
    MeridianProcess p = start(env, args);
    if (!p.waitFor(60)) {
      p.close();
      throw new AssertionError(
          "meridian " + String.join(" ", args) + " did not exit:\n" + p.output());
    }
    return p;
  }
}
