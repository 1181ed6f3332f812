package io.meridian.core.config;

import java.util.Optional;

/**
 * The zone's SOA. Times are seconds.
 *
 * @param serial when empty, Meridian chooses one (the Unix time) and raises it on every change
 * @param minimum the negative-caching TTL (RFC 2308)
 */
public record SoaConfig(
    String mname,
    String rname,
    Optional<Long> serial,
    long refresh,
    long retry,
    long expire,
    long minimum,
    Optional<Long> ttl) {}
