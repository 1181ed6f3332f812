package io.meridian.balancer.metrics;

/**
 * How loaded this balancer is, over the last {@link LoadWindow#WINDOW_SECONDS} seconds: what the
 * cluster publishes so DNS can spill traffic away from a busy or failing region. Immutable.
 *
 * @param activeConnections open client connections now
 * @param requestsPerSecond responses ended per second over the window (over the time since start
 *     while the balancer is younger than the window)
 * @param p99Millis 99th percentile of request start to response end, in milliseconds, within
 *     about 6 %; 0 when there were no responses
 * @param errorRatio share of responses with a 5xx status (failed connections and refusals are
 *     answered 502/503/504, so they count), 0 to 1; 0 when there were no responses
 * @param atEpochMillis when the report was taken (wall clock)
 */
public record LoadReport(
    int activeConnections,
    double requestsPerSecond,
    double p99Millis,
    double errorRatio,
    long atEpochMillis) {}
