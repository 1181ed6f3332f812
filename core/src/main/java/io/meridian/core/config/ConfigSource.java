package io.meridian.core.config;

import java.nio.file.Path;

/**
 * Where a document came from.
 *
 * @param name shown in messages (a file path, or a resource name)
 * @param baseDir the directory that relative file names in the document are resolved against
 * @param lines the line of each path in the document
 */
public record ConfigSource(String name, Path baseDir, LineIndex lines) {}
