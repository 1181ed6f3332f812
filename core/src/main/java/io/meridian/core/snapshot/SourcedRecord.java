package io.meridian.core.snapshot;

import org.xbill.DNS.Record;

/** A record with the document path (or file and line) it came from, for problem messages. */
record SourcedRecord(Record record, String path) {}
