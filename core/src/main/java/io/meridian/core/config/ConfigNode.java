package io.meridian.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cursor over one node of a parsed document that knows its path and reports what is wrong with it
 * instead of throwing, so that a reader can go on and report every problem of a document at once.
 * Every accessor returns a usable value (empty, or the default) after reporting a problem.
 */
public final class ConfigNode {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private final JsonNode node;
  private final String path;
  private final Problems problems;

  private ConfigNode(JsonNode node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  public static ConfigNode root(JsonNode node, Problems problems) {
    return new ConfigNode(node, "", problems);
  }

  public String path() {
    return path;
  }

  public boolean isMissing() {
    return node.isMissingNode() || node.isNull();
  }

  public void problem(String message) {
    problems.add(path, message);
  }

  /** The child {@code name} of this mapping; missing when absent. */
  public ConfigNode field(String name) {
    String childPath = path.isEmpty() ? name : path + "." + name;
    JsonNode child = node.isObject() ? node.path(name) : MissingNode.getInstance();
    return new ConfigNode(child, childPath, problems);
  }

  /** Reports that this node must be a mapping (when present) and may only have {@code allowed} keys. */
  public boolean mapping(Set<String> allowed) {
    if (isMissing()) {
      return false;
    }
    if (!node.isObject()) {
      problem("must be a mapping of " + String.join(", ", new TreeSet<>(allowed)));
      return false;
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        field(name)
            .problem(
                "unknown property '"
                    + name
                    + "' (expected one of: "
                    + String.join(", ", new TreeSet<>(allowed))
                    + ")");
      }
    }
    return true;
  }

  /** Whether this node is a list (a sequence), as opposed to a single value or a mapping. */
  public boolean isList() {
    return node.isArray();
  }

  /** The elements of this list; a single scalar counts as a list of one. Empty when missing. */
  public List<ConfigNode> elements() {
    List<ConfigNode> out = new ArrayList<>();
    if (isMissing()) {
      return out;
    }
    if (node.isValueNode()) {
      out.add(this);
      return out;
    }
    if (!node.isArray()) {
      problem("must be a list");
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      out.add(new ConfigNode(node.get(i), path + "[" + i + "]", problems));
    }
    return out;
  }

  /** This node as text; numbers and booleans are given in their YAML spelling. */
  public Optional<String> text() {
    if (isMissing()) {
      return Optional.empty();
    }
    if (!node.isValueNode()) {
      problem("must be a single value, not a " + (node.isArray() ? "list" : "mapping"));
      return Optional.empty();
    }
    return Optional.of(node.asText());
  }

  public Optional<String> requiredText() {
    if (isMissing()) {
      problem("is required");
      return Optional.empty();
    }
    Optional<String> text = text();
    if (text.isPresent() && text.get().isBlank()) {
      problem("must not be empty");
      return Optional.empty();
    }
    return text;
  }

  /** A whole number in {@code [min, max]}; empty when missing or wrong. */
  public Optional<Long> integer(long min, long max) {
    if (isMissing()) {
      return Optional.empty();
    }
    if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
      problem("must be a whole number between " + min + " and " + max);
      return Optional.empty();
    }
    long value = node.asLong();
    if (value < min || value > max) {
      problem("must be between " + min + " and " + max + ", got " + value);
      return Optional.empty();
    }
    return Optional.of(value);
  }

  public int integer(int min, int max, int fallback) {
    return integer((long) min, max).map(Long::intValue).orElse(fallback);
  }

  /** A duration such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
  public Duration duration(Duration fallback) {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return fallback;
    }
    String value = text.get().trim();
    if (value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
      value = value + "s";
    }
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      problem("must be a duration such as 500ms, 10s, 5m or 1h, got '" + text.get() + "'");
      return fallback;
    }
    Duration result;
    try {
      long amount = Long.parseLong(m.group(1));
      result =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
          };
    } catch (NumberFormatException | ArithmeticException e) {
      problem("duration '" + text.get() + "' is too long");
      return fallback;
    }
    if (result.isZero()) {
      problem("must be positive");
      return fallback;
    }
    return result;
  }
}
