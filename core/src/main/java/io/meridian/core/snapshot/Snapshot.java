package io.meridian.core.snapshot;

import io.meridian.core.config.ServerConfig;

/**
 * Everything the query path needs, compiled from one accepted configuration. Immutable: a new
 * configuration makes a new snapshot, published whole (see {@link Current}).
 *
 * @param version counts accepted configurations since start, from 1
 */
public record Snapshot(long version, ZoneSet zones, ServerConfig server) {}
