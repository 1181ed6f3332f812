package io.meridian.admin.change;

import io.meridian.admin.store.ConfigStore;
import io.meridian.admin.store.ConfigVersion;
import io.meridian.core.config.ConfigDocuments;
import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.config.MeridianConfig;
import io.meridian.core.config.ServedDocument;
import io.meridian.core.health.HealthSource;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one way the configuration changes through the API: a whole new document is read and
 * compiled exactly as a file would be (so an invalid state can never be served), compared with
 * what is served (which answers move), and only then written durably as the next version,
 * published to this process and handed to the cluster. A stale {@code If-Match} is refused before
 * any of that. One change at a time.
 */
public final class ConfigService {

  /** The result of a change or a dry run. */
  public record Outcome(ConfigVersion version, AnswerDiff.Summary diff, boolean dryRun) {}

  /** The caller's {@code If-Match} names a version that is no longer current. */
  public static final class StaleVersion extends Exception {
    private final String current;

    StaleVersion(String current) {
      super("the configuration changed since " + current);
      this.current = current;
    }

    public String current() {
      return current;
    }
  }

  private final ConfigStore store;
  private final ServedDocument served;
  private final SnapshotCompiler compiler;
  private final Current<Snapshot> current;
  private final HealthSource health;
  private final Consumer<ConfigVersion> publisher;
  private final Map<String, InetAddress> testClients;
  private final Clock clock;

  public ConfigService(
      ConfigStore store, ServedDocument served, SnapshotCompiler compiler, Current<Snapshot> current,
      HealthSource health, Consumer<ConfigVersion> publisher, Map<String, InetAddress> testClients,
      Clock clock) {
    this.store = store;
    this.served = served;
    this.compiler = compiler;
    this.current = current;
    this.health = health;
    this.publisher = publisher;
    this.testClients = Map.copyOf(testClients);
    this.clock = clock;
  }

  /**
   * Makes the stored current version the served one (seeding version 1 from the file's shared
   * part when the store is empty) and publishes it.
   */
  public synchronized ConfigVersion start() throws IOException, InvalidConfigException {
    Optional<ConfigVersion> stored = store.current();
    ConfigVersion version =
        stored.isPresent()
            ? stored.get()
            : store.append("file", "seeded from " + served.describe(), served.localShared(),
                clock.millis());
    Snapshot next = compiler.compile(
        served.readWith(version.document(), "version " + version.number()), current.get());
    serve(version, next);
    return version;
  }

  public Optional<ConfigVersion> currentVersion() {
    return store.current();
  }

  public String etag() {
    return store.current().map(ConfigVersion::etag).orElse("\"v0\"");
  }

  /**
   * @param ifMatch the entity tag the caller based its change on, or null for an unconditional one
   * @throws InvalidConfigException with every problem and its path
   */
  public synchronized Outcome propose(
      String document, String author, String message, String ifMatch, boolean dryRun)
      throws StaleVersion, InvalidConfigException, IOException {
    if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.equals(etag())) {
      throw new StaleVersion(ifMatch);
    }
    String shared = ConfigDocuments.withoutLocal(document);
    MeridianConfig config = served.readWith(shared, "request");
    Snapshot before = current.get();
    Snapshot next = compiler.compile(config, before);
    AnswerDiff.Summary diff = AnswerDiff.between(before, health.viewFor(before.policies()), next,
        health.viewFor(next.policies()), testClients);
    if (dryRun) {
      return new Outcome(null, diff, true);
    }
    ConfigVersion version = store.append(author, message, shared, clock.millis());
    serve(version, next);
    return new Outcome(version, diff, false);
  }

  /** Restores an earlier version's document as a new version. */
  public Outcome restore(long number, String author, String ifMatch, boolean dryRun)
      throws StaleVersion, InvalidConfigException, IOException {
    ConfigVersion old = store.read(number)
        .orElseThrow(() -> new IllegalArgumentException("no version " + number));
    return propose(old.document(), author, "restore version " + number, ifMatch, dryRun);
  }

  private void serve(ConfigVersion version, Snapshot snapshot) {
    served.adopt(version.number(), version.document());
    current.publish(snapshot);
    publisher.accept(version);
  }
}
