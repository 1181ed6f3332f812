package io.meridian.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Collects problems while a document is read and compiled, attaching the source line of each path
 * when the source is known.
 */
public final class Problems {

  private final List<Problem> list = new ArrayList<>();
  private final ToIntFunction<String> lineOf;

  /**
   * @param lineOf maps a path such as {@code zones[0].ttl} to its 1-based line, or 0
   */
  public Problems(ToIntFunction<String> lineOf) {
    this.lineOf = lineOf;
  }

  public static Problems withoutLines() {
    return new Problems(path -> 0);
  }

  public void add(String path, String message) {
    list.add(new Problem(path, lineOf.applyAsInt(path), message));
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  /** Whether a problem was recorded at {@code path} or below it ({@code ""}: anywhere). */
  public boolean anyUnder(String path) {
    for (Problem problem : list) {
      String at = problem.path();
      if (path.isEmpty()
          || at.equals(path)
          || at.startsWith(path + ".")
          || at.startsWith(path + "[")) {
        return true;
      }
    }
    return false;
  }

  public List<Problem> list() {
    return List.copyOf(list);
  }

  /**
   * @throws InvalidConfigException when any problem was recorded
   */
  public void throwIfAny(String source) throws InvalidConfigException {
    if (!list.isEmpty()) {
      throw new InvalidConfigException(source, list);
    }
  }
}
