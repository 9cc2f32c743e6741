package org.prex.submission;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Reads composed YAML nodes, collecting every problem as {@code line N: …}. */
final class NodeReader {
  private static final int MAX_SHOWN = 200;

  private final List<String> problems = new ArrayList<>();

  List<String> problems() {
    return problems;
  }

  void problem(Node node, String message) {
    problem(line(node), message);
  }

  void problem(int line, String message) {
    problems.add("line " + line + ": " + message);
  }

  static int line(Node node) {
    return node == null ? 1 : node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
  }

  /**
   * The entries of a mapping whose keys are among {@code allowed}; unknown, duplicate and
   * non-scalar keys are problems. {@code what} prefixes the messages ("" at the top level).
   */
  Map<String, Node> entries(MappingNode m, List<String> allowed, String what) {
    Map<String, Node> out = new LinkedHashMap<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        problem(t.getKeyNode(), what + "keys must be plain names (allowed: " + list(allowed) + ")");
        continue;
      }
      String key = k.getValue();
      Integer first = seen.putIfAbsent(key, line(k));
      if (first != null) {
        problem(k, what + "duplicate key '" + show(key) + "' (first on line " + first + ")");
      } else if (!allowed.contains(key)) {
        problem(k, what + "unknown key '" + show(key) + "' (allowed: " + list(allowed) + ")");
      } else {
        out.put(key, t.getValueNode());
      }
    }
    return out;
  }

  /**
   * The text of a scalar as written; "" for an empty or null value ({@code key:}, {@code ~}). A
   * problem, and null, when the value is a list or mapping.
   */
  String text(Node node, String what) {
    if (node instanceof ScalarNode s) {
      return s.getTag().equals(Tag.NULL) ? "" : s.getValue();
    }
    problem(node, what + " must be a single value, not a list or mapping");
    return null;
  }

  /**
   * C0/C1 controls, line and paragraph separators, and format characters such as bidi overrides.
   */
  static boolean isControl(int c) {
    int type = Character.getType(c);
    return Character.isISOControl(c)
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.FORMAT;
  }

  /** An empty or null scalar ({@code key:}, {@code ~}, {@code null}). */
  static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  static String list(List<String> items) {
    return String.join(", ", items);
  }

  /** A lab's value fit to quote in a message: control characters escaped, long text cut. */
  static String show(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .limit(MAX_SHOWN)
        .forEach(
            c -> {
              if (isControl(c)) {
                b.append(String.format("\\u%04x", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    if (s.codePointCount(0, s.length()) > MAX_SHOWN) {
      b.append('…');
    }
    return b.toString();
  }
}
