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
  private final LineIndex source;

  private ConfigNode(JsonNode node, String path, Problems problems, LineIndex source) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    this.source = source;
  }

  public static ConfigNode root(JsonNode node, Problems problems) {
    return root(node, problems, LineIndex.empty());
  }

  /**
   * @param source the document's index, which keeps scalars as they were written
   */
  public static ConfigNode root(JsonNode node, Problems problems, LineIndex source) {
    return new ConfigNode(node, "", problems, source);
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

  /** Whether a problem has been reported for this node or anything below it. */
  public boolean hasProblems() {
    return problems.anyUnder(path);
  }

  /** The child {@code name} of this mapping; missing when absent. */
  public ConfigNode field(String name) {
    String childPath = path.isEmpty() ? name : path + "." + name;
    JsonNode child = node.isObject() ? node.path(name) : MissingNode.getInstance();
    return new ConfigNode(child, childPath, problems, source);
  }

  /**
   * Reports that this node must be a mapping (when present) and may only have {@code allowed} keys.
   */
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
      out.add(new ConfigNode(node.get(i), path + "[" + i + "]", problems, source));
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
    if (node.isNumber() || node.isBoolean()) {
      String raw = source.rawScalar(path);
      if (raw != null) {
        return Optional.of(raw);
      }
    }
    return Optional.of(node.asText());
  }

  /** Whether this node is a single value (not a list or mapping). */
  public boolean isScalar() {
    return node.isValueNode() && !node.isNull();
  }

  /**
   * The entries of this mapping in document order; empty when missing, a problem when not a
   * mapping.
   */
  public List<java.util.Map.Entry<String, ConfigNode>> entries() {
    List<java.util.Map.Entry<String, ConfigNode>> out = new ArrayList<>();
    if (isMissing()) {
      return out;
    }
    if (!node.isObject()) {
      problem("must be a mapping");
      return out;
    }
    node.fieldNames().forEachRemaining(name -> out.add(java.util.Map.entry(name, field(name))));
    return out;
  }

  /**
   * A number in {@code [min, max]}; empty when missing (a problem if {@code required}) or wrong.
   */
  public Optional<Double> decimal(double min, double max, boolean required) {
    if (isMissing()) {
      if (required) {
        problem("is required");
      }
      return Optional.empty();
    }
    if (!node.isNumber()) {
      problem("must be a number between " + min + " and " + max);
      return Optional.empty();
    }
    double value = node.asDouble();
    if (value < min || value > max) {
      problem("must be between " + min + " and " + max + ", got " + value);
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /** {@code true} or {@code false}; {@code fallback} when missing. */
  public boolean bool(boolean fallback) {
    if (isMissing()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      problem("must be true or false");
      return fallback;
    }
    return node.asBoolean();
  }

  /**
   * One of {@code allowed} (case-insensitive, returned in lower case); {@code fallback} when
   * missing.
   */
  public String oneOf(Set<String> allowed, String fallback) {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return fallback;
    }
    String value = text.get().trim().toLowerCase(java.util.Locale.ROOT);
    if (!allowed.contains(value)) {
      problem(
          "must be one of "
              + String.join(", ", new TreeSet<>(allowed))
              + ", got '"
              + text.get()
              + "'");
      return fallback;
    }
    return value;
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

  /**
   * A duration such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}; a bare number is
   * seconds.
   */
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
