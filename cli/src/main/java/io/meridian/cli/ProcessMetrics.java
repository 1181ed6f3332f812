package io.meridian.cli;

import io.meridian.agent.schedule.HealthScheduler;
import io.meridian.core.cluster.HealthFeed;
import io.meridian.core.health.EndpointHealth;
import io.meridian.dns.query.QueryStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Rcode;

/**
 * One Prometheus registry per process, with what each role counts bound to it: queries by rcode,
 * zone, policy and chosen region (read from the query path's own counters, so no metrics library
 * sits on it), health consensus and transitions, agent probes, and how long shared configuration
 * versions take to reach this process. Zones and policies appear as they are first answered;
 * {@link #scrape} registers the new ones first.
 */
final class ProcessMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private QueryStats queries;
  private final Set<Object> bound = ConcurrentHashMap.newKeySet();

  PrometheusMeterRegistry registry() {
    return registry;
  }

  void dns(QueryStats stats) {
    this.queries = stats;
    for (int rcode : new int[] {Rcode.NOERROR, Rcode.FORMERR, Rcode.SERVFAIL, Rcode.NXDOMAIN,
        Rcode.NOTIMP, Rcode.REFUSED}) {
      FunctionCounter.builder("meridian.dns.replies", stats, s -> s.rcode(rcode))
          .tag("rcode", Rcode.string(rcode)).description("DNS replies by rcode").register(registry);
    }
    FunctionCounter.builder("meridian.dns.dropped", stats, QueryStats::dropped)
        .description("queries dropped without a reply (no header, or a response)").register(registry);
  }

  void health(HealthFeed feed) {
    FunctionCounter.builder("meridian.health.transitions", feed, HealthFeed::transitions)
        .description("endpoint status changes").register(registry);
    Gauge.builder("meridian.health.agents.fresh", feed, f -> f.health().state().freshAgents())
        .description("agents whose heartbeat is fresh").register(registry);
    Gauge.builder("meridian.health.agents.known", feed, f -> f.health().state().knownAgents())
        .description("agents with observations on record").register(registry);
    for (EndpointHealth.Source source : EndpointHealth.Source.values()) {
      Gauge.builder("meridian.health.endpoints", feed, f -> f.health().state().endpoints().values()
              .stream().filter(h -> h.source() == source).count())
          .tag("source", source.name().toLowerCase(Locale.ROOT))
          .description("endpoints by where their health comes from (stale: no quorum)")
          .register(registry);
    }
    for (EndpointHealth.Status status : EndpointHealth.Status.values()) {
      Gauge.builder("meridian.health.endpoints.status", feed, f -> f.health().state().endpoints()
              .values().stream().filter(h -> h.status() == status).count())
          .tag("status", status.name().toLowerCase(Locale.ROOT)).register(registry);
    }
  }

  void agent(HealthScheduler scheduler) {
    FunctionCounter.builder("meridian.agent.probes", scheduler, s -> s.stats().probes())
        .description("probes started").register(registry);
    FunctionCounter.builder("meridian.agent.failures", scheduler, s -> s.stats().failures())
        .description("probe results that failed").register(registry);
    FunctionCounter.builder("meridian.agent.set.aside", scheduler, s -> s.stats().setAside())
        .description("failures not recorded because the agent itself was late").register(registry);
    FunctionCounter.builder("meridian.agent.skipped", scheduler, s -> s.stats().skipped())
        .description("rounds skipped because the previous probe was still running").register(registry);
    FunctionCounter.builder("meridian.agent.late", scheduler, s -> s.stats().late())
        .description("rounds that fired more than a tenth of the interval late").register(registry);
    Gauge.builder("meridian.agent.targets", scheduler, s -> s.stats().targets())
        .register(registry);
  }

  /** A shared configuration version made at {@code createdAtMillis} is served here now. */
  void propagated(long createdAtMillis) {
    Timer.builder("meridian.config.propagation")
        .description("from a version's acceptance by the admin API to this process serving it")
        .register(registry)
        .record(Math.max(0, System.currentTimeMillis() - createdAtMillis), TimeUnit.MILLISECONDS);
  }

  String scrape() {
    if (queries != null) {
      queries.byZone().forEach((zone, count) -> {
        if (bound.add(zone)) {
          FunctionCounter.builder("meridian.dns.answers", count, c -> c.sum())
              .tag("zone", zone.toString()).description("answers from our zones, by zone")
              .register(registry);
        }
      });
      queries.byPolicy().forEach((key, count) -> {
        if (bound.add(key)) {
          FunctionCounter.builder("meridian.dns.policy.answers", count, c -> c.sum())
              .tag("policy", key.policy()).tag("region", key.region())
              .description("policy answers by policy and the region chosen").register(registry);
        }
      });
    }
    return registry.scrape();
  }
}
