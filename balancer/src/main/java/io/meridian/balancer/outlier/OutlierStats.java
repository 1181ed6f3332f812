package io.meridian.balancer.outlier;

/**
 * Ejections kept apart as Envoy does: {@code detected} counts targets that crossed a threshold,
 * {@code enforced} those actually ejected (fewer when {@code enforcing_percent < 100} or when
 * {@code max_ejection_percent} held them back), so a dry run shows what would have happened.
 *
 * @param ejectedNow targets ejected at this moment
 */
public record OutlierStats(long detected, long enforced, int ejectedNow) {}
