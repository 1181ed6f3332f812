package io.meridian.admin.drill;

import java.util.ArrayList;
import java.util.List;

/**
 * A drill as it goes and as it is kept: what was taken out and why, a timeline, and per synthetic
 * client and name how long every DNS server took to stop answering with the region, and to answer
 * as before once it was over. Mutable while the drill runs (its runner is the only writer, under
 * the report's lock); a copy is written to disk after every change.
 */
public final class DrillReport {

  /** Where a drill is. */
  public enum State { RUNNING, RECOVERING, DONE, ABORTED }

  public record Event(long atEpochMillis, String what) {}

  /**
   * What the drilled region's balancers reported, once a second: requests per second (summed),
   * the highest error share and p99 among them.
   */
  public record LoadSample(long atMillis, double requestsPerSecond, double errorRatio, double p99Millis) {}

  /** One synthetic client asking one name of a policy that answered it from the drilled region. */
  public static final class Watch {
    public String client;
    public String name;
    public List<String> before = List.of();
    public List<String> during = List.of();
    /** ms from the start until every server stopped answering with the region; -1 while not. */
    public long shiftedAfterMillis = -1;
    /** ms from the end until every server answered as before; -1 while not. */
    public long recoveredAfterMillis = -1;
    /** The same through the configured resolvers (which add what they cached, up to the TTL). */
    public long shiftedViaResolversAfterMillis = -1;
    public long recoveredViaResolversAfterMillis = -1;
  }

  public String id;
  public String region;
  public String mode;
  public String reason;
  public String by;
  public long startedAtEpochMillis;
  public long endsAtEpochMillis;
  public long endedAtEpochMillis;
  public State state = State.RUNNING;
  public int servers;
  public long queries;
  public long errors;
  public List<Event> timeline = new ArrayList<>();
  public List<Watch> watches = new ArrayList<>();
  public List<LoadSample> load = new ArrayList<>();
  /**
   * ms from the start until the region's balancers saw no client requests (only health checks);
   * -1 while not, or when they had none to begin with.
   */
  public long trafficGoneAfterMillis = -1;

  synchronized void event(long now, String what) {
    timeline.add(new Event(now, what));
  }
}
