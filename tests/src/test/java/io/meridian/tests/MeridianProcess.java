package io.meridian.tests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real {@code meridian} binary in its own JVM, with its output captured for assertions. */
final class MeridianProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening on udp\\+tcp (\\S+):(\\d+)");

  private final Process process;
  private final StringBuffer output = new StringBuffer();

  private MeridianProcess(Process process) {
    this.process = process;
    pump(process.getInputStream());
  }

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
    command.add("-Xmx256m");
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    builder.environment().putAll(env);
    return new MeridianProcess(builder.start());
  }

  /** Runs a command that exits by itself, like check-config. */
  static MeridianProcess run(String... args) throws Exception {
    return run(java.util.Map.of(), args);
  }

  static MeridianProcess run(java.util.Map<String, String> env, String... args) throws Exception {
    MeridianProcess p = start(env, args);
    if (!p.process.waitFor(60, TimeUnit.SECONDS)) {
      p.close();
      throw new AssertionError(
          "meridian " + String.join(" ", args) + " did not exit:\n" + p.output());
    }
    return p;
  }

  private void pump(InputStream in) {
    Thread t =
        new Thread(
            () -> {
              try {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) > 0) {
                  output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
              } catch (IOException e) {
                // process ended
              }
            },
            "meridian-output");
    t.setDaemon(true);
    t.start();
  }

  String output() {
    return output.toString();
  }

  int exitCode() {
    return process.exitValue();
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the line announcing the bound address, and returns it. */
  InetSocketAddress awaitListening() throws IOException {
    await("meridian to listen")
        .atMost(Duration.ofSeconds(60))
        .until(() -> LISTENING.matcher(output()).find() || !process.isAlive());
    Matcher m = LISTENING.matcher(output());
    if (!m.find()) {
      throw new AssertionError("meridian exited before listening:\n" + output());
    }
    String host = m.group(1).replace("[", "").replace("]", "");
    return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(m.group(2)));
  }

  /** Waits for a line matching {@code pattern} and returns its first group. */
  String awaitLine(String pattern) {
    Pattern p = Pattern.compile(pattern);
    await("meridian to print " + pattern).atMost(Duration.ofSeconds(60))
        .until(() -> p.matcher(output()).find() || !process.isAlive());
    Matcher m = p.matcher(output());
    if (!m.find()) {
      throw new AssertionError("meridian exited before printing " + pattern + ":\n" + output());
    }
    return m.groupCount() > 0 ? m.group(1) : m.group();
  }

  /** Counts the lines of output that contain {@code text}. */
  int count(String text) {
    return (int) output().lines().filter(line -> line.contains(text)).count();
  }

  void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -" + name + " failed");
    }
  }

  /** SIGTERM, then waits for a clean exit. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("meridian did not stop on SIGTERM:\n" + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
