package io.meridian.balancer.config;

import io.meridian.core.cluster.BalancerLoad;
import io.meridian.core.config.ConfigExtension;
import io.meridian.core.config.ConfigNode;
import io.meridian.core.config.KnownRegions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads Meridian's process-local {@code balancers:} section, in the same pass as the rest of the
 * document:
 *
 * <pre>
 * balancers:
 *   - region: eu-west          # one of regions:
 *     name: lb                 # unique in the region; default: lb
 *     capacity: 5000           # requests per second it is sized for (optional)
 *     config: {...}            # the balancer, as in balancer/README.md
 * </pre>
 */
public final class BalancersSection implements ConfigExtension<List<RegionBalancer>> {

  public static final BalancersSection INSTANCE = new BalancersSection();

  private BalancersSection() {}

  @Override
  public String section() {
    return "balancers";
  }

  @Override
  public List<RegionBalancer> read(ConfigNode node, ConfigNode root, Path baseDir) {
    List<RegionBalancer> out = new ArrayList<>();
    if (!node.isList()) {
      node.problem("must be a list of {region, name, capacity, config}");
      return out;
    }
    KnownRegions regions = KnownRegions.of(root);
    Set<String> keys = new HashSet<>();
    for (ConfigNode item : node.elements()) {
      if (!item.mapping(Set.of("region", "name", "capacity", "config"))) {
        item.problem("must be a mapping with region and config");
        continue;
      }
      var region = regions.read(item.field("region"));
      String name = item.field("name").text().orElse("lb");
      if (region.isPresent() && !keys.add(BalancerLoad.key(region.get(), name))) {
        item.field("name").problem("duplicate balancer '" + name + "' in region " + region.get());
      }
      double capacity = item.field("capacity").decimal(0, 1e9, false).orElse(0.0);
      if (item.field("config").isMissing()) {
        item.field("config").problem("is required: the balancer's listeners, routes and groups");
        continue;
      }
      var config = BalancerConfigReader.read(item.field("config"), baseDir);
      if (region.isPresent() && config.isPresent()) {
        out.add(new RegionBalancer(region.get(), name, capacity, config.get()));
      }
    }
    return out;
  }
}
