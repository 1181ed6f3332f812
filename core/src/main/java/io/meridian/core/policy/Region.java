package io.meridian.core.policy;

/**
 * A place endpoints run in: where it is (for geoproximity and latency) and, optionally, its country
 * and continent.
 */
public record Region(
    String name, double latitude, double longitude, String country, String continent) {}
