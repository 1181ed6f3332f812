package io.meridian.core.config;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A demo HTTP backend that this process runs ({@code demo_backends:}, process-local): a tiny server
 * that answers with its name and region, so the embedded default is a whole system with something
 * behind its balancers. Not for production.
 *
 * @param name unique among the demo backends; shown in every answer
 * @param region one of {@code regions}
 * @param listen IP literal and port
 */
public record DemoBackendConfig(String name, String region, InetSocketAddress listen) {

  public DemoBackendConfig {
    requireNonNull(name, "name");
    requireNonNull(region, "region");
    requireNonNull(listen, "listen");
  }

  /** {@code [{name, region, listen}, ...]}; absent: none. */
  static List<DemoBackendConfig> read(ConfigNode node, ConfigNode root) {
    List<DemoBackendConfig> out = new ArrayList<>();
    if (node.isMissing()) {
      return out;
    }
    if (!node.isList()) {
      node.problem("must be a list of {name, region, listen}");
      return out;
    }
    KnownRegions regions = KnownRegions.of(root);
    Set<String> names = new HashSet<>();
    for (ConfigNode item : node.elements()) {
      if (!item.mapping(Set.of("name", "region", "listen"))) {
        item.problem("must be a mapping with name, region and listen");
        continue;
      }
      var name = item.field("name").requiredText();
      name.filter(n -> !names.add(n))
          .ifPresent(n -> item.field("name").problem("duplicate demo backend '" + n + "'"));
      var region = regions.read(item.field("region"));
      var listen =
          item.field("listen")
              .requiredText()
              .flatMap(t -> ConfigReader.socketAddress(item.field("listen"), t));
      if (name.isPresent() && region.isPresent() && listen.isPresent()) {
        out.add(new DemoBackendConfig(name.get(), region.get(), listen.get()));
      }
    }
    return out;
  }
}
