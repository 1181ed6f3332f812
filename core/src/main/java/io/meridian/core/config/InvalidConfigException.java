package io.meridian.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration was rejected; {@link #problems()} says every reason, each with its path. */
public final class InvalidConfigException extends Exception {

  private final transient List<Problem> problems;

  public InvalidConfigException(String source, List<Problem> problems) {
    super(
        "invalid configuration "
            + source
            + ":\n  "
            + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
