package io.meridian.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;

/**
 * A YAML (or JSON) document ready to be read strictly: its root {@link ConfigNode}, the problems
 * every reader adds to, and the line index that points them at lines. Meridian's configuration
 * and the balancer's file both start here, so both report syntax errors at the same, right line.
 */
public record ConfigText(ConfigNode root, Problems problems, LineIndex lines) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * @throws InvalidConfigException when the text is not YAML (with the line) or is empty
   */
  public static ConfigText parse(String text, String sourceName) throws InvalidConfigException {
    LineIndex lines = LineIndex.of(text);
    Problems problems = new Problems(lines::lineOf);
    JsonNode tree;
    try {
      tree = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(sourceName, List.of(
          new Problem("", syntaxErrorLine(e, text), "not valid YAML: " + e.getOriginalMessage())));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new InvalidConfigException(sourceName, List.of(new Problem("", 0, "document is empty")));
    }
    return new ConfigText(ConfigNode.root(tree, problems, lines), problems, lines);
  }

  /**
   * The line of a syntax error: where the YAML parser found it, or where the unclosed construct
   * began (else the last line) when it only found out at the end of the text. Jackson's own
   * location is that of the last good token, which can be lines before the error.
   */
  static int syntaxErrorLine(JsonProcessingException e, String text) {
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked
        && marked.getProblemMark() != null) {
      org.yaml.snakeyaml.error.Mark problem = marked.getProblemMark();
      org.yaml.snakeyaml.error.Mark context = marked.getContextMark();
      String content = text.stripTrailing();
      if (problem.getIndex() < content.length()) {
        return problem.getLine() + 1;
      }
      // found at the end of the text: point at the start of what is unclosed, or the last line
      return context != null && context.getIndex() < content.length()
          ? context.getLine() + 1
          : (int) content.lines().count();
    }
    return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
  }}
