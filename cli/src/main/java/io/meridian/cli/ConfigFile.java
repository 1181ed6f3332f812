package io.meridian.cli;

import io.meridian.balancer.config.BalancersSection;
import io.meridian.core.config.ConfigReader;
import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.config.MeridianConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the configuration comes from: a file named on the command line, or the embedded default.
 */
record ConfigFile(Optional<Path> path) {

  static final String EMBEDDED = "io/meridian/cli/default/meridian.yaml";

  static ConfigFile of(Path pathOrNull) {
    return new ConfigFile(Optional.ofNullable(pathOrNull));
  }

  /** The whole document, with the sections other modules read (the balancers'). */
  MeridianConfig read() throws IOException, InvalidConfigException {
    return ConfigReader.read(text(), describe(), baseDir(), List.of(BalancersSection.INSTANCE));
  }

  /** The document as text: the file, or the embedded default. */
  String text() throws IOException {
    if (path.isPresent()) {
      return java.nio.file.Files.readString(path.get(), StandardCharsets.UTF_8);
    }
    try (InputStream in = ConfigFile.class.getClassLoader().getResourceAsStream(EMBEDDED)) {
      if (in == null) {
        throw new UncheckedIOException(
            new IOException("embedded default " + EMBEDDED + " missing"));
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Where relative paths in the document start. */
  Path baseDir() {
    return path.map(p -> p.toAbsolutePath().normalize().getParent()).orElse(Path.of("."));
  }

  /** What this process serves: this file, then the cluster's shared versions on top of it. */
  io.meridian.core.config.ServedDocument served() {
    return new io.meridian.core.config.ServedDocument(this::text, describe(), baseDir());
  }

  /**
   * The files this configuration is made of: the file itself, the master files its zones name and
   * the geo database it names (a replaced database is reloaded without a restart). A
   * file that cannot be read (yet) gives just the file itself.
   */
  java.util.Set<Path> files() {
    if (path.isEmpty()) {
      return java.util.Set.of();
    }
    Path self = path.get().toAbsolutePath().normalize();
    java.util.Set<Path> out = new java.util.HashSet<>();
    out.add(self);
    try {
      MeridianConfig config = read();
      Path base = config.source().baseDir();
      for (var zone : config.zones()) {
        zone.file().ifPresent(f -> out.add(base.resolve(f).toAbsolutePath().normalize()));
      }
      config
          .policies()
          .geoDatabase()
          .ifPresent(db -> out.add(base.resolve(db).toAbsolutePath().normalize()));
    } catch (IOException | InvalidConfigException | UncheckedIOException e) {
      // the reload reports it; watching the file itself is enough to see the fix
    }
    return out;
  }

  String describe() {
    return path.map(Path::toString).orElse("embedded default (config/meridian.yaml)");
  }
}
