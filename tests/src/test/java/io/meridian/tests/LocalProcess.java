package io.meridian.tests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A program run as a process of this machine, its output (stdout and stderr) captured. */
class LocalProcess implements Part {

  private final Process process;
  private final StringBuffer output = new StringBuffer();

  /** Starts {@code builder}'s command with stderr folded into stdout. */
  LocalProcess(ProcessBuilder builder) throws IOException {
    this.process = builder.redirectErrorStream(true).start();
    pump(process.getInputStream());
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
            "process-output");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public String output() {
    return output.toString();
  }

  int exitCode() {
    return process.exitValue();
  }

  long pid() {
    return process.pid();
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Counts the lines of output that contain {@code text}. */
  int count(String text) {
    return (int) output().lines().filter(line -> line.contains(text)).count();
  }

  @Override
  public void signal(String name) throws Exception {
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
      throw new AssertionError("did not stop on SIGTERM:\n" + output());
    }
    return process.exitValue();
  }

  /** Waits up to {@code seconds} for it to exit by itself. */
  boolean waitFor(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
