package io.meridian.core.snapshot;

import io.meridian.core.config.Problems;
import io.meridian.core.config.RecordConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Turns the records of an inline zone into dnsjava records, reporting each bad name or value. */
final class RecordParser {

  /** Types a zone may not hold as plain data: meta types, the SOA (its own key) and DNSSEC data. */
  static final Set<Integer> REJECTED =
      Set.of(
          Type.SOA,
          Type.OPT,
          Type.TSIG,
          Type.TKEY,
          Type.AXFR,
          Type.IXFR,
          Type.ANY,
          Type.MAILA,
          Type.MAILB,
          Type.RRSIG,
          Type.NSEC,
          Type.NSEC3,
          Type.NSEC3PARAM,
          Type.DNAME,
          Type.DNSKEY,
          Type.CDS,
          Type.CDNSKEY,
          Type.SIG,
          Type.NXT);

  private static final int MAX_CHARACTER_STRING = 255;

  private final Name apex;
  private final long defaultTtl;
  private final Problems problems;

  RecordParser(Name apex, long defaultTtl, Problems problems) {
    this.apex = apex;
    this.defaultTtl = defaultTtl;
    this.problems = problems;
  }

  List<SourcedRecord> parse(RecordConfig config) {
    List<SourcedRecord> out = new ArrayList<>();
    Name owner = NameParser.parse(config.name(), apex, config.path() + ".name", problems);
    int type = type(config);
    if (owner == null || type < 0) {
      return out;
    }
    if (!owner.subdomain(apex)) {
      problems.add(config.path() + ".name", "'" + owner + "' is outside the zone " + apex);
      return out;
    }
    long ttl = config.ttl().orElse(defaultTtl);
    List<String> values = config.values();
    for (int i = 0; i < values.size(); i++) {
      String path = config.path() + (values.size() == 1 ? ".value" : ".values[" + i + "]");
      try {
        out.add(new SourcedRecord(record(owner, type, ttl, values.get(i)), path));
      } catch (IOException | IllegalArgumentException e) {
        problems.add(
            path,
            "invalid " + Type.string(type) + " data '" + values.get(i) + "': " + e.getMessage());
      }
    }
    return out;
  }

  private int type(RecordConfig config) {
    int type = Type.value(config.type().trim().toUpperCase(java.util.Locale.ROOT));
    String path = config.path() + ".type";
    if (type < 0) {
      problems.add(path, "unknown record type '" + config.type() + "'");
    } else if (type == Type.SOA) {
      problems.add(path, "the SOA is set with the zone's 'soa' key, not as a record");
      return -1;
    } else if (REJECTED.contains(type)) {
      problems.add(path, "type " + Type.string(type) + " cannot be served as plain zone data");
      return -1;
    }
    return type;
  }

  private Record record(Name owner, int type, long ttl, String value) throws IOException {
    if (type == Type.TXT && !value.startsWith("\"")) {
      // Unquoted text is one string, spaces included: master-file syntax would split it at every
      // space into strings that clients join without spaces ("v=spf1 -all" -> "v=spf1-all").
      return new TXTRecord(owner, DClass.IN, ttl, chunks(value));
    }
    return Record.fromString(owner, type, DClass.IN, ttl, value, apex);
  }

  /** Splits {@code text} into character-strings of at most 255 bytes (RFC 7208 section 3.3). */
  private static List<String> chunks(String text) throws TextParseException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length != text.length()) {
      throw new TextParseException("TXT text must be ASCII; use master-file escapes in quotes");
    }
    List<String> out = new ArrayList<>();
    for (int start = 0; start < text.length(); start += MAX_CHARACTER_STRING) {
      out.add(text.substring(start, Math.min(text.length(), start + MAX_CHARACTER_STRING)));
    }
    if (out.isEmpty()) {
      out.add("");
    }
    return out;
  }
}
