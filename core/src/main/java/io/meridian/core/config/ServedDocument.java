package io.meridian.core.config;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The document a process serves: its own file until the cluster has a shared version (accepted by
 * the admin API), then that version with this process's own {@link ConfigDocuments#LOCAL}
 * sections (listen addresses, cluster, admin) from its file. Reading it again after the file
 * changed picks up the file's local sections; the shared zones and policies stay.
 */
public final class ServedDocument {

  /** Reads this process's file (or its embedded default) as text. */
  @FunctionalInterface
  public interface LocalText {
    String read() throws IOException;
  }

  private final LocalText local;
  private final String localName;
  private final Path baseDir;
  private long version;
  private String shared;

  public ServedDocument(LocalText local, String localName, Path baseDir) {
    this.local = local;
    this.localName = localName;
    this.baseDir = baseDir;
  }

  /** Takes {@code document} as the shared version {@code number} if it is newer than the served. */
  public synchronized boolean adopt(long number, String document) {
    if (number <= version) {
      return false;
    }
    version = number;
    shared = document;
    return true;
  }

  /** The shared version served, 0 while the file is served alone. */
  public synchronized long version() {
    return version;
  }

  public synchronized MeridianConfig read() throws IOException, InvalidConfigException {
    return shared == null
        ? ConfigReader.read(local.read(), localName, baseDir)
        : readWith(shared, "shared version " + version);
  }

  /** What serving {@code document} as the shared version would mean here (a proposal). */
  public MeridianConfig readWith(String document, String name)
      throws IOException, InvalidConfigException {
    return ConfigReader.read(ConfigDocuments.rebase(document, local.read()), name, baseDir);
  }

  /** The shared part of this process's own file: what the admin API seeds version 1 with. */
  public String localShared() throws IOException {
    return ConfigDocuments.withoutLocal(local.read());
  }

  public synchronized String describe() {
    return shared == null ? localName : "shared version " + version + " (local sections from " + localName + ")";
  }
}
