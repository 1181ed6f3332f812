package io.meridian.agent.schedule;

/**
 * Counters of a {@link HealthScheduler} since it started, for metrics and capacity measurements.
 *
 * @param targets targets scheduled now
 * @param rounds rounds that came due
 * @param probes probes started (rounds minus skipped)
 * @param skipped rounds not probed because the previous probe of the target had not finished
 * @param late rounds whose timer fired more than a tenth of the interval after it was due: the
 *     event loop is too busy for the number of targets
 * @param maxLatenessMillis the latest any round has fired
 * @param results probe results handled
 * @param failures results that did not pass and were recorded
 * @param setAside failures not recorded because the agent itself was late (see {@code
 *     Shard.Check#busy}): the sign of an agent with more targets than it can probe in time
 */
public record SchedulerStats(
    int targets,
    long rounds,
    long probes,
    long skipped,
    long late,
    double maxLatenessMillis,
    long results,
    long failures,
    long setAside) {}
