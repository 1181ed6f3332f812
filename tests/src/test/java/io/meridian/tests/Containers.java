package io.meridian.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Every part in a container of its own — meridian from the built jar on a JRE image, unbound from
 * Debian's package — on the host's network, so the loopback addresses and ports of a scenario's
 * configuration hold unchanged; the scenario's directory is mounted at the same path, so do the
 * paths in it; each runs as the directory's owner, so what it writes there can be cleaned up. Needs
 * a Linux Docker engine (host networking).
 */
final class Containers implements Launcher {

  static final DockerImageName JRE = DockerImageName.parse("eclipse-temurin:17-jre");

  static final ImageFromDockerfile UNBOUND = new ImageFromDockerfile("meridian-tests-unbound", false)
      .withDockerfileFromBuilder(image -> image.from("debian:bookworm-slim")
          .run("apt-get update && apt-get install -y --no-install-recommends unbound"
              + " && rm -rf /var/lib/apt/lists/*")
          .build());

  private final Path dir;

  /** Containers that see {@code dir} (the scenario's configuration and data) at its own path. */
  Containers(Path dir) {
    this.dir = dir.toAbsolutePath();
  }

  @Override
  public Part meridian(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(MeridianProcess.JVM_OPTIONS);
    command.addAll(List.of("-jar", "/meridian.jar"));
    command.addAll(List.of(args));
    return start(new GenericContainer<>(JRE)
        .withCopyFileToContainer(
            MountableFile.forHostPath(MeridianProcess.jar().toAbsolutePath()), "/meridian.jar")
        .withEnv(env)
        .withCommand(command.toArray(String[]::new)));
  }

  @Override
  public Part unbound(Path config) {
    return start(new GenericContainer<>(UNBOUND)
        .withCommand(Unbound.BINARY, "-d", "-c", config.toAbsolutePath().toString()));
  }

  /** Starts it on the host's network, with the directory, as the directory's owner. */
  private Part start(GenericContainer<?> container) {
    String owner;
    try {
      owner = Files.getAttribute(dir, "unix:uid") + ":" + Files.getAttribute(dir, "unix:gid");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    container.withNetworkMode("host")
        .withFileSystemBind(dir.toString(), dir.toString(), BindMode.READ_WRITE)
        .withWorkingDirectory(dir.toString())
        .withCreateContainerCmdModifier(create -> create.withUser(owner));
    container.start();
    return new Running(container);
  }

  /** A started container: its logs are its output, signals go to its first process. */
  private record Running(GenericContainer<?> container) implements Part {

    @Override
    public String output() {
      return container.getLogs();
    }

    @Override
    public boolean isAlive() {
      return container.isRunning();
    }

    @Override
    public void signal(String name) {
      container.getDockerClient().killContainerCmd(container.getContainerId()).withSignal(name).exec();
    }

    @Override
    public void close() {
      container.stop();
    }
  }
}
