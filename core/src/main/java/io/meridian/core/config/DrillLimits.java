package io.meridian.core.config;

/**
 * What a drill may do before it is refused or aborts itself, from the admin section.
 *
 * @param maxRegionShare the largest share of regions out at once ({@code drill_max_region_share},
 *     default 0.5)
 * @param maxErrorRatio a drill aborts when a region still serving reports a larger share of errors
 *     at its balancers ({@code drill_max_error_ratio}, default 0.05)
 * @param maxP99Millis ... or a larger p99 latency ({@code drill_max_p99}, default 2 s)
 */
public record DrillLimits(double maxRegionShare, double maxErrorRatio, double maxP99Millis) {

  public static final DrillLimits DEFAULT = new DrillLimits(0.5, 0.05, 2000);
}
