package io.meridian.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Configuration documents as trees: what the admin API edits section by section, and how a member
 * takes a shared version while keeping its own process settings.
 */
public final class ConfigDocuments {

  /** The sections that belong to one process, not to the shared configuration. */
  public static final List<String> LOCAL = List.of("server", "cluster", "admin", "metrics", "demo_backends", "balancers");

  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private ConfigDocuments() {}

  /** The document as a mutable tree; an empty or scalar document is an empty mapping. */
  public static ObjectNode tree(String document) {
    try {
      JsonNode node = YAML.readTree(document);
      return node instanceof ObjectNode o ? o : YAML.createObjectNode();
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
    }
  }

  /** Any YAML (or JSON) value as a tree. */
  public static JsonNode parse(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid YAML or JSON: " + e.getMessage(), e);
    }
  }

  public static String text(JsonNode tree) {
    try {
      return YAML.writeValueAsString(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The document without the {@link #LOCAL} sections; unchanged (comments and lines kept) when it
   * has none, or when it is not YAML (the reader then says where, with the line).
   */
  public static String withoutLocal(String document) {
    ObjectNode tree;
    try {
      tree = tree(document);
    } catch (IllegalArgumentException notYaml) {
      return document;
    }
    if (LOCAL.stream().noneMatch(tree::has)) {
      return document;
    }
    LOCAL.forEach(tree::remove);
    return text(tree);
  }

  /**
   * {@code shared} with this process's own {@link #LOCAL} sections from {@code local} in place of
   * the shared ones: every member serves the same zones and policies from its own listeners.
   */
  public static String rebase(String shared, String local) {
    ObjectNode out = tree(shared);
    ObjectNode own = tree(local);
    ObjectNode ownLocal = YAML.createObjectNode();
    for (String section : LOCAL) {
      if (own.has(section)) {
        ownLocal.set(section, own.get(section));
      }
    }
    if (LOCAL.stream().noneMatch(out::has)) {
      // appended as text, so problems in the shared part keep the line numbers its author sees
      return ownLocal.isEmpty() ? shared : shared.stripTrailing() + "\n" + text(ownLocal);
    }
    LOCAL.forEach(out::remove);
    out.setAll(ownLocal);
    return text(out);
  }
}
