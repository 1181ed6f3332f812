package io.meridian.core.config;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** The regions a document declares, for the sections that name one of them. */
public final class KnownRegions {

  private final Set<String> names = new LinkedHashSet<>();

  private KnownRegions(ConfigNode root) {
    root.field("regions").entries().forEach(e -> names.add(e.getKey()));
  }

  public static KnownRegions of(ConfigNode root) {
    return new KnownRegions(root);
  }

  /**
   * The region {@code node} names, required (the message matches the policy compiler's); a name the document does not declare is a problem
   * on {@code node}, and returned all the same (so one problem does not hide the others).
   */
  public Optional<String> read(ConfigNode node) {
    Optional<String> region = node.requiredText();
    region
        .filter(r -> !names.contains(r))
        .ifPresent(r -> node.problem("unknown region '" + r + "'" + (names.isEmpty()
            ? " (none defined)"
            : " (known: " + String.join(", ", names) + ")")));
    return region;
  }
}
