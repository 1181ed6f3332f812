package io.meridian.core.config;

import java.nio.file.Path;

/**
 * A top-level section of Meridian's document that a module core does not depend on reads, in the
 * same pass as the rest, so that every problem of a file is reported together. The balancer's
 * {@code balancers:} is one: core knows the section exists (it is process-local, see {@link
 * ConfigDocuments#LOCAL}) but only the balancer module knows its syntax. A reader without the
 * extension skips the section.
 *
 * @param <T> what the section reads to
 */
public interface ConfigExtension<T> {

  /** The top-level key, one of {@link ConfigReader#EXTENSION_SECTIONS}. */
  String section();

  /**
   * Reads the section; problems go to {@code node} (or nodes below it).
   *
   * @param root the whole document, to check names against other sections
   * @param baseDir where relative file names start
   */
  T read(ConfigNode node, ConfigNode root, Path baseDir);
}
