package io.meridian.geo;

import com.maxmind.db.Reader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.function.Function;

/**
 * A {@link GeoDatabase} over one mmdb file held in memory. The MaxMind reader decodes records (for
 * {@link #lookup} and, once per distinct record, for {@link #compile}); {@link SearchTree} gives
 * compile the tree's shape.
 *
 * <p>The whole file is read into the heap at load, so replacing or truncating the file on disk
 * later cannot disturb a running server (a memory-mapped file can); a new file means a new
 * instance. Nothing needs closing.
 */
final class MmdbGeoDatabase implements GeoDatabase {

  /** How many networks {@link #probe} decodes at load. */
  private static final int PROBE_NETWORKS = 64;

  private final DatabaseInfo info;
  private final Reader reader;
  private final SearchTree tree;
  private final Schema schema;

  private MmdbGeoDatabase(DatabaseInfo info, Reader reader, SearchTree tree, Schema schema) {
    this.info = info;
    this.reader = reader;
    this.tree = tree;
    this.schema = schema;
  }

  /**
   * Parses and probes a database; every failure is an {@link IOException} whose message starts with
   * "geo database SOURCE".
   */
  static MmdbGeoDatabase load(String source, byte[] bytes) throws IOException {
    String what = "geo database " + source;
    Reader reader;
    SearchTree tree;
    try {
      // The reader keeps its own copy of the bytes; the search tree reads ours.
      reader = new Reader(new ByteArrayInputStream(bytes));
      var metadata = reader.getMetadata();
      tree =
          new SearchTree(bytes, metadata.nodeCount(), metadata.recordSize(), metadata.ipVersion());
    } catch (IOException | RuntimeException e) {
      throw new IOException(what + " is not a valid MaxMind DB (mmdb) file: " + e.getMessage(), e);
    }
    var metadata = reader.getMetadata();
    String type = metadata.databaseType() == null ? "" : metadata.databaseType();
    var info =
        new DatabaseInfo(
            source, type, metadata.buildTime(), metadata.ipVersion(), metadata.nodeCount());
    var database = new MmdbGeoDatabase(info, reader, tree, Schema.of(type));
    database.probe(what);
    return database;
  }

  @Override
  public DatabaseInfo info() {
    return info;
  }

  @Override
  public GeoMatch lookup(InetAddress address) {
    if (address instanceof Inet6Address && info.ipVersion() == 4) {
      return GeoMatch.NONE;
    }
    try {
      var record = reader.getRecord(address, schema.recordType);
      if (record.data() == null) {
        return GeoMatch.NONE;
      }
      return new GeoMatch(schema.toLocation(record.data()), record.network().prefixLength());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "geo database "
              + info.source()
              + ": cannot decode the record of "
              + address.getHostAddress()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public <T> PrefixMap<T> compile(Function<Location, T> outcome) {
    try {
      return TrieCompiler.compile(tree, this::locate, outcome);
    } catch (IOException e) {
      throw new UncheckedIOException("geo database " + info.source() + ": " + e.getMessage(), e);
    }
  }

  /** The location of the network holding {@code address}; UNKNOWN if none. */
  private Location locate(InetAddress address) throws IOException {
    Object data = reader.get(address, schema.recordType);
    return data == null ? Location.UNKNOWN : schema.toLocation(data);
  }

  /**
   * Decodes the first {@link #PROBE_NETWORKS} networks (CoreDNS probes at setup too), so that a
   * file of the wrong kind fails at load with one clear message instead of answering "unknown" for
   * every client.
   */
  private void probe(String what) throws IOException {
    int networks = 0;
    boolean located = false;
    try {
      var iterator = reader.networks(schema.recordType);
      while (networks < PROBE_NETWORKS && iterator.hasNext()) {
        Object data = iterator.next().data();
        networks++;
        if (data != null) {
          Location location = schema.toLocation(data);
          located |= location.country() != null || location.continent() != null;
        }
      }
    } catch (Exception e) { // decoding failures are IOExceptions or RuntimeExceptions
      throw new IOException(
          what
              + " (database_type '"
              + info.databaseType()
              + "', read as "
              + schema
              + ") cannot be decoded: "
              + e.getMessage(),
          e);
    }
    if (networks == 0) {
      throw new IOException(what + " contains no networks");
    }
    if (!located) {
      throw new IOException(
          what
              + " does not provide any supported schema (database_type '"
              + info.databaseType()
              + "'; expected GeoIP2/GeoLite2 City or Country records, or records with "
              + "country_code or country.iso_code)");
    }
  }
}
