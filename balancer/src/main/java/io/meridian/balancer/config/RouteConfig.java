package io.meridian.balancer.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One rule: conditions that must all hold, and what to do then.
 *
 * @param path where in the document the rule was written ({@code routes[2]}), for messages
 * @param match the conditions; an empty match matches everything
 * @param action what happens to a matching request
 */
public record RouteConfig(String path, MatchConfig match, ActionConfig action) {

  public RouteConfig {
    requireNonNull(path, "path");
    requireNonNull(match, "match");
    requireNonNull(action, "action");
  }

  /**
   * Conditions, all optional.
   *
   * @param hosts exact names or {@code *.suffix} wildcards; any one may match
   * @param path exact, prefix or regex condition on the path
   * @param methods any one may match
   * @param headers name to required value (exact, case-sensitive); all must match
   * @param query parameter name to required value; all must match
   */
  public record MatchConfig(
      List<String> hosts,
      Optional<PathMatch> path,
      List<String> methods,
      Map<String, String> headers,
      Map<String, String> query) {
    public MatchConfig {
      hosts = List.copyOf(hosts);
      methods = List.copyOf(methods);
      headers = Map.copyOf(headers);
      query = Map.copyOf(query);
    }
  }

  /** How a path is compared. */
  public enum PathKind {
    EXACT,
    PREFIX,
    REGEX
  }

  public record PathMatch(PathKind kind, String value) {}

  /** What a rule does; exactly one of the four kinds. */
  public sealed interface ActionConfig {}

  /** Proxy to a target group. */
  public record Forward(String group) implements ActionConfig {}

  /** Proxy to one of several groups, chosen at random by weight (canary releases). */
  public record Split(List<WeightedGroup> groups) implements ActionConfig {
    public Split {
      groups = List.copyOf(groups);
    }
  }

  public record WeightedGroup(String group, int weight) {}

  /** Answer directly. */
  public record Respond(int status, String body, String contentType) implements ActionConfig {}

  /** Answer with a redirect to {@code location}. */
  public record Redirect(int status, String location) implements ActionConfig {}
}
