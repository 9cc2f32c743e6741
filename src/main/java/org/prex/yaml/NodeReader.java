package org.prex.yaml;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.CollectionNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The one YAML walker of prex, shared by every file an operator or a lab writes ({@code
 * submission.yaml}, {@code policy.yaml}): composes nodes with their line numbers under size, alias
 * and nesting limits, then reads them, collecting every problem as {@code line N: …} so that all of
 * them can be reported at once.
 *
 * <p>snakeyaml-engine's composer keeps the last of duplicate keys without a word, so duplicates are
 * found here, on the node tree ({@link #entries}).
 */
public final class NodeReader {
  private static final int MAX_SHOWN = 200;

  private final List<String> problems = new ArrayList<>();

  public List<String> problems() {
    return problems;
  }

  public void problem(Node node, String message) {
    problem(line(node), message);
  }

  public void problem(int line, String message) {
    problems.add("line " + line + ": " + message);
  }

  public static int line(Node node) {
    return node == null ? 1 : node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
  }

  /**
   * Decodes UTF-8 (a leading BOM is dropped) and composes the node tree, without constructing
   * objects: at most {@code maxBytes}, 10 aliases for collections, no recursive keys.
   *
   * @return the root node, empty for an empty document
   * @throws YamlException naming the one problem that stopped reading, with its line
   */
  public static Optional<Node> compose(byte[] yaml, String fileName, int maxBytes)
      throws YamlException {
    if (yaml.length > maxBytes) {
      throw new YamlException(List.of("line 1: " + fileName + " is larger than " + size(maxBytes)));
    }
    String text = decode(yaml, fileName);
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(fileName)
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(10)
            .setCodePointLimit(maxBytes)
            .build();
    try {
      Optional<Node> root = new Compose(settings).composeString(text);
      return root.filter(r -> !isNull(r));
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(1);
      throw new YamlException(List.of("line " + line + ": not valid YAML: " + e.getProblem()));
    } catch (YamlEngineException e) {
      throw new YamlException(List.of("line 1: not valid YAML: " + e.getMessage()));
    } catch (StackOverflowError e) {
      // snakeyaml-engine composes recursively and has no nesting limit: "[[[[…" within 1 MiB.
      throw new YamlException(List.of("line 1: not valid YAML: nested too deeply"));
    }
  }

  private static String size(int bytes) {
    return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
  }

  private static String decode(byte[] yaml, String fileName) throws YamlException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.wrap(yaml);
    CharBuffer chars = CharBuffer.allocate(yaml.length + 1);
    var result = decoder.decode(bytes, chars, true);
    if (result.isError()) {
      int at = bytes.position();
      int line = 1;
      for (int i = 0; i < at; i++) {
        if (yaml[i] == '\n') {
          line++;
        }
      }
      throw new YamlException(
          List.of(
              "line "
                  + line
                  + ": not valid UTF-8 (byte 0x"
                  + String.format("%02X", yaml[at] & 0xff)
                  + "): save "
                  + fileName
                  + " as UTF-8"));
    }
    String text = chars.flip().toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /**
   * The entries of a mapping whose keys are among {@code allowed}; unknown (with the closest
   * allowed key when one is near), duplicate and non-scalar keys are problems. {@code what}
   * prefixes the messages ("" at the top level).
   */
  public Map<String, Node> entries(MappingNode m, List<String> allowed, String what) {
    return entries(m, allowed, what, "key");
  }

  /**
   * As {@link #entries(MappingNode, List, String)}, naming the keys {@code noun} in messages (e.g.
   * "kind"); {@code allowed} null accepts any key, still refusing duplicates.
   */
  public Map<String, Node> entries(MappingNode m, List<String> allowed, String what, String noun) {
    Map<String, Node> out = new LinkedHashMap<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k) || isNull(k)) {
        problem(
            t.getKeyNode(),
            what
                + (noun.equals("key") ? "keys" : noun + " keys")
                + " must be plain names"
                + (allowed == null ? "" : " (allowed: " + list(allowed) + ")"));
        continue;
      }
      String key = k.getValue();
      Integer first = seen.putIfAbsent(key, line(k));
      if (first != null) {
        problem(
            k, what + "duplicate " + noun + " '" + show(key) + "' (first on line " + first + ")");
      } else if (allowed != null && !allowed.contains(key)) {
        String near = closest(key, allowed);
        problem(
            k,
            what
                + "unknown "
                + noun
                + " '"
                + show(key)
                + "' (allowed: "
                + list(allowed)
                + ")"
                + (near == null ? "" : "; did you mean '" + near + "'?"));
      } else {
        out.put(key, t.getValueNode());
      }
    }
    return out;
  }

  /** The problem of a file whose top level is not a mapping of {@code topKeys}. */
  public static String notATopMapping(Node root, Collection<String> topKeys) {
    return "line " + line(root) + ": expected a mapping (" + list(topKeys) + ")";
  }

  /**
   * An optional list or mapping: null when absent or written empty ({@code key:}, {@code ~}); a
   * {@code mustBe} problem, and null, when it is not a {@code type}. The caller then keeps its
   * default.
   */
  public <T extends Node> T optional(Node node, Class<T> type, String mustBe) {
    if (node == null || isNull(node)) {
      return null;
    }
    if (!type.isInstance(node)) {
      problem(node, mustBe);
      return null;
    }
    return type.cast(node);
  }

  /**
   * A required, non-empty list or mapping called {@code name}: a problem "NAME is missing: WANTED"
   * (at {@code top}), "NAME must be MUSTBE", or "NAME is empty: WANTED". Null when missing or not a
   * {@code type}; an empty one is returned, its problem reported.
   */
  public <T extends CollectionNode<?>> T required(
      Node node, Node top, Class<T> type, String name, String mustBe, String wanted) {
    if (node == null) {
      problem(top, name + " is missing: " + wanted);
      return null;
    }
    if (!type.isInstance(node)) {
      problem(node, name + " must be " + mustBe);
      return null;
    }
    T c = type.cast(node);
    if (c.getValue().isEmpty()) {
      problem(node, name + " is empty: " + wanted);
    }
    return c;
  }

  /**
   * The text of a required scalar called {@code name}: a problem "NAME is missing: WANTED" (at
   * {@code top}) when absent, else as {@link #text(Node, String)}.
   */
  public String requiredText(Node node, Node top, String name, String wanted) {
    if (node == null) {
      problem(top, name + " is missing: " + wanted);
      return null;
    }
    return text(node, name);
  }

  /**
   * The text of a scalar as written; "" for an empty or null value ({@code key:}, {@code ~}). A
   * problem, and null, when the value is a list or mapping.
   */
  public String text(Node node, String what) {
    if (node instanceof ScalarNode s) {
      return s.getTag().equals(Tag.NULL) ? "" : s.getValue();
    }
    problem(node, what + " must be a single value, not a list or mapping");
    return null;
  }

  /**
   * The candidate nearest to {@code word} when it is near enough to be a slip (edit distance at
   * most 2, or a third of the word, case ignored; or one is the other with a prefix/suffix), else
   * null.
   */
  public static String closest(String word, Collection<String> candidates) {
    String w = word.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      String lc = c.toLowerCase(Locale.ROOT);
      int d = distance(w, lc);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    if (best == null) {
      return null;
    }
    int limit = Math.max(2, w.length() / 3);
    String lb = best.toLowerCase(Locale.ROOT);
    boolean affix = w.length() >= 3 && (lb.startsWith(w) || w.startsWith(lb));
    return bestDistance <= limit || affix ? best : null;
  }

  /** Levenshtein distance, with a transposition of neighbours counting as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /**
   * C0/C1 controls, line and paragraph separators, and format characters such as bidi overrides.
   */
  public static boolean isControl(int c) {
    int type = Character.getType(c);
    return Character.isISOControl(c)
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.FORMAT;
  }

  /** An empty or null scalar ({@code key:}, {@code ~}, {@code null}). */
  public static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  public static String list(Collection<String> items) {
    return String.join(", ", items);
  }

  /** A value fit to quote in a message: control characters escaped, long text cut. */
  public static String show(String s) {
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
