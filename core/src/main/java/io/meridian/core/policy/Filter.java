package io.meridian.core.policy;

import java.util.List;

/**
 * One step of a policy's chain: takes the candidates still in play and returns those it keeps (a
 * new list: the input may be the policy's own). Filters do all parsing and index building when
 * constructed; {@code apply} does no I/O, throws nothing for expected cases and logs nothing.
 */
public interface Filter {

  /** The name used in configuration and in explain output, e.g. {@code weighted}. */
  String name();

  List<Target> apply(List<Target> candidates, Evaluation evaluation);
}
