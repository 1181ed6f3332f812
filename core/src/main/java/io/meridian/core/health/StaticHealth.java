package io.meridian.core.health;

import java.util.Arrays;
import java.util.Map;

/**
 * Health as configured ({@code health: up|down} and {@code rtt_ms} per endpoint), the source of
 * truth until health agents observe endpoints.
 */
public final class StaticHealth implements HealthView {

  private final boolean[] up;
  private final Map<String, double[]> rttByRegion;

  /**
   * @param up by endpoint id
   * @param rttByRegion region name to RTT by endpoint id (NaN where unknown)
   */
  public StaticHealth(boolean[] up, Map<String, double[]> rttByRegion) {
    this.up = up.clone();
    this.rttByRegion = Map.copyOf(rttByRegion);
  }

  @Override
  public boolean isUp(int endpointId) {
    return up[endpointId];
  }

  @Override
  public double rttMillis(String region, int endpointId) {
    double[] rtts = rttByRegion.get(region);
    return rtts == null ? Double.NaN : rtts[endpointId];
  }

  @Override
  public String describe(int endpointId) {
    return (up[endpointId] ? "up" : "down") + " (configured)";
  }

  @Override
  public String toString() {
    return "StaticHealth" + Arrays.toString(up);
  }
}
