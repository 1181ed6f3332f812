package io.meridian.core.snapshot;

import io.meridian.core.config.Problems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Reads an RFC 1035 master file with dnsjava's parser ($ORIGIN, $TTL, $INCLUDE, $GENERATE). */
final class MasterFileReader {

  private MasterFileReader() {}

  /**
   * @return the file's records, or an empty list after reporting why it could not be read
   */
  static List<SourcedRecord> read(
      Path file, Name origin, long defaultTtl, String path, Problems problems) {
    List<SourcedRecord> out = new ArrayList<>();
    if (!Files.isReadable(file)) {
      problems.add(path, "cannot read master file " + file);
      return out;
    }
    Master master = null;
    try {
      master = new Master(file.toString(), origin, defaultTtl);
      Record record;
      while ((record = master.nextRecord()) != null) {
        out.add(new SourcedRecord(record, path + " (" + file.getFileName() + ": " + record + ")"));
      }
    } catch (IOException | IllegalArgumentException e) {
      // dnsjava's messages carry the file name and line: "zones/x.zone:12: invalid address"
      problems.add(path, "master file: " + e.getMessage());
      out.clear();
    } finally {
      if (master != null) {
        master.close();
      }
    }
    return out;
  }
}
