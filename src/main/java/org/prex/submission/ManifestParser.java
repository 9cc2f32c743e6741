package org.prex.submission;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.prex.designate.Designation;
import org.prex.yaml.NodeReader;
import org.prex.yaml.YamlException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads and validates a lab's {@code submission.yaml} (docs/formats.md). Every problem is collected
 * with its line, so that the lab's receipt names them all; a manifest with any problem is refused
 * whole.
 */
public final class ManifestParser {
  public static final String FILE_NAME = "submission.yaml";

  static final int MAX_BYTES = 1024 * 1024;
  static final int MAX_REFERENCE = 200;
  private static final List<String> TOP_KEYS =
      List.of(
          "reference",
          "model",
          "release-date",
          "designation",
          "recipients",
          "dissemination-list",
          "items");
  private static final List<String> MODEL_KEYS = List.of("name", "version");
  private static final List<String> ITEM_KEYS =
      List.of("path", "sha256", "designation", "decontrol-on-release");
  private static final String DL_ONLY = "DL ONLY";

  final NodeReader in = new NodeReader();
  private final Set<String> agencies;
  private final LocalDate today;

  ManifestParser(Set<String> agencies, LocalDate today) {
    this.agencies = Objects.requireNonNull(agencies, "agencies");
    this.today = Objects.requireNonNull(today, "today");
  }

  /**
   * Parses and validates the manifest.
   *
   * @param yaml the file's bytes (UTF-8, at most 1 MiB)
   * @param agencies the agency ids of the policy
   * @param today the date a release date may not precede
   * @throws ManifestException naming every problem found, each as {@code line N: …}
   */
  public static SubmissionManifest parse(byte[] yaml, Set<String> agencies, LocalDate today)
      throws ManifestException {
    return new ManifestParser(agencies, today).read(yaml);
  }

  /**
   * The manifest's {@code reference}, read on its own so that a receipt can name the submission as
   * the lab knows it even when other lines are bad: from the YAML when it composes, else from a
   * {@code reference: …} line at the start of a line. Empty when there is none, or it is blank or
   * longer than {@value #MAX_REFERENCE} characters.
   */
  public static Optional<String> referenceOf(byte[] yaml) {
    String text =
        new String(
            yaml, 0, Math.min(yaml.length, MAX_BYTES), java.nio.charset.StandardCharsets.UTF_8);
    String found = null;
    try {
      MappingNode top =
          compose(
              (text.startsWith("\uFEFF") ? text.substring(1) : text)
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (NodeTuple t : top.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k
            && k.getValue().equals("reference")
            && t.getValueNode() instanceof ScalarNode v) {
          found = v.getValue();
        }
      }
    } catch (ManifestException | RuntimeException e) {
      java.util.regex.Matcher m = REFERENCE_LINE.matcher(text);
      if (m.find()) {
        found = unquoted(m.group(1).strip());
      }
    }
    if (found == null
        || found.isBlank()
        || found.codePointCount(0, found.length()) > MAX_REFERENCE) {
      return Optional.empty();
    }
    return Optional.of(found);
  }

  private static final java.util.regex.Pattern REFERENCE_LINE =
      java.util.regex.Pattern.compile("(?m)^reference:[ \t]*([^#\r\n]*)");

  private static String unquoted(String s) {
    if (s.length() >= 2
        && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  private SubmissionManifest read(byte[] yaml) throws ManifestException {
    MappingNode top = compose(yaml);
    Map<String, Node> e = in.entries(top, TOP_KEYS, "");

    String reference = reference(e.get("reference"), top);
    String[] model = model(e.get("model"));
    LocalDate releaseDate = releaseDate(e.get("release-date"), top);
    Node defaultNode = e.get("designation");
    Designation designation = defaultNode == null ? null : designation(defaultNode);
    List<String> recipients = recipients(e.get("recipients"));
    Node dlNode = e.get("dissemination-list");
    List<String> dl =
        Optional.ofNullable(agencyList(dlNode, "dissemination-list")).orElse(List.of());
    if (recipients != null) {
      List<String> known =
          recipients.stream().filter(r -> r != null && agencies.contains(r)).distinct().toList();
      for (int i = 0; i < dl.size(); i++) {
        String id = dl.get(i);
        if (id != null && agencies.contains(id) && !recipients.contains(id)) {
          in.problem(
              ((SequenceNode) dlNode).getValue().get(i),
              "dissemination-list: "
                  + id
                  + " is not among the recipients ("
                  + NodeReader.list(known)
                  + ")");
        }
      }
    }
    boolean hasDl = dlNode instanceof SequenceNode s && !s.getValue().isEmpty();
    checkDlOnly(designation, defaultNode, hasDl);
    List<ManifestItem> items = items(e.get("items"), top, hasDl);

    if (!in.problems().isEmpty()) {
      throw new ManifestException(in.problems());
    }
    return new SubmissionManifest(
        reference, model[0], model[1], releaseDate, designation, recipients, dl, items);
  }

  /** Composes the manifest with the shared walker's limits (size, aliases, nesting). */
  private static MappingNode compose(byte[] yaml) throws ManifestException {
    Optional<Node> root;
    try {
      root = NodeReader.compose(yaml, FILE_NAME, MAX_BYTES);
    } catch (YamlException e) {
      throw new ManifestException(e.problems());
    }
    if (root.isEmpty()) {
      throw new ManifestException(
          List.of("line 1: " + FILE_NAME + " is empty: expected reference, release-date, items"));
    }
    if (!(root.get() instanceof MappingNode top)) {
      throw new ManifestException(List.of(NodeReader.notATopMapping(root.get(), TOP_KEYS)));
    }
    return top;
  }

  private String reference(Node node, Node top) {
    String text = in.requiredText(node, top, "reference", "give the submission your own reference");
    if (text == null) {
      return null;
    }
    if (text.isBlank()) {
      in.problem(node, "reference is empty: give the submission your own reference");
      return null;
    }
    int length = text.codePointCount(0, text.length());
    if (length > MAX_REFERENCE) {
      in.problem(
          node,
          "reference is " + length + " characters long (at most " + MAX_REFERENCE + " allowed)");
      return null;
    }
    return text;
  }

  /** {name, version}, each null when absent. */
  private String[] model(Node node) {
    String[] out = new String[2];
    if (node == null) {
      return out;
    }
    if (!(node instanceof MappingNode m)) {
      in.problem(node, "model must be a mapping such as { name: Aurora, version: \"2.0\" }");
      return out;
    }
    Map<String, Node> e = in.entries(m, MODEL_KEYS, "model: ");
    for (int i = 0; i < 2; i++) {
      String key = MODEL_KEYS.get(i);
      Node value = e.get(key);
      if (value == null) {
        continue;
      }
      String text = in.text(value, "model " + key);
      if (text != null && text.isBlank()) {
        in.problem(value, "model " + key + " is empty: give it or leave the key out");
      } else if (text != null && text.codePointCount(0, text.length()) > MAX_REFERENCE) {
        // as long as a reference at most: the receipt repeats it on one line, and GnuPG reads
        // no line of a signed message over 20,000 characters
        in.problem(
            value,
            "model "
                + key
                + " is "
                + text.codePointCount(0, text.length())
                + " characters long (at most "
                + MAX_REFERENCE
                + " allowed)");
      } else {
        out[i] = text;
      }
    }
    return out;
  }

  private LocalDate releaseDate(Node node, Node top) {
    String text =
        in.requiredText(node, top, "release-date", "give the planned public release as YYYY-MM-DD");
    if (text == null) {
      return null;
    }
    LocalDate date = null;
    if (text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
      try {
        date = LocalDate.parse(text);
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    if (date == null) {
      in.problem(node, "release-date '" + NodeReader.show(text) + "' is not a date YYYY-MM-DD");
    } else if (date.isBefore(today)) {
      in.problem(node, "release-date " + text + " is in the past (today is " + today + ")");
    }
    return date;
  }

  Designation designation(Node node) {
    String text = in.text(node, "designation");
    if (text == null) {
      return null;
    }
    if (text.isBlank()) {
      in.problem(node, "designation is empty: give one such as CUI//SP-PROPIN, or leave it out");
      return null;
    }
    try {
      return Designation.parse(text);
    } catch (IllegalArgumentException e) {
      String prefix = "Invalid designation '" + text + "'; ";
      String why = e.getMessage();
      if (why.startsWith(prefix)) {
        why = why.substring(prefix.length());
      }
      in.problem(node, "designation " + NodeReader.show(text) + ": " + why);
      return null;
    }
  }

  void checkDlOnly(Designation d, Node node, boolean hasDl) {
    if (d != null && d.has(DL_ONLY) && !hasDl) {
      in.problem(
          node,
          "designation "
              + d
              + " carries "
              + DL_ONLY
              + " but the manifest has no dissemination-list");
    }
  }

  private List<String> recipients(Node node) {
    if (node == null) {
      return null;
    }
    if (NodeReader.isNull(node) || node instanceof SequenceNode q && q.getValue().isEmpty()) {
      in.problem(node, "recipients is empty: name at least one agency, or leave it out for all");
      return null;
    }
    return agencyList(node, "recipients");
  }

  /**
   * The entries as written (unknown ones included, each reported); empty when absent or empty, null
   * when not a list.
   */
  List<String> agencyList(Node node, String what) {
    List<String> out = new ArrayList<>();
    if (node == null || NodeReader.isNull(node)) {
      return out;
    }
    if (!(node instanceof SequenceNode seq)) {
      in.problem(node, what + " must be a list of agency ids such as [caisi, nsa]");
      return null;
    }
    for (Node entry : seq.getValue()) {
      String id = in.text(entry, what + " entry");
      out.add(id);
      if (id == null) {
        continue;
      }
      if (!agencies.contains(id)) {
        in.problem(
            entry,
            what
                + ": unknown agency "
                + NodeReader.show(id)
                + " (known: "
                + String.join(", ", new TreeSet<>(agencies))
                + ")");
      } else if (out.indexOf(id) < out.size() - 1) {
        in.problem(entry, what + ": " + id + " is listed twice");
      }
    }
    return out;
  }

  List<ManifestItem> items(Node node, Node top, boolean hasDl) {
    List<ManifestItem> out = new ArrayList<>();
    SequenceNode seq =
        in.required(
            node,
            top,
            SequenceNode.class,
            "items",
            "a list of entries such as - path: model-card.md",
            "list the files of the submission");
    if (seq == null) {
      return out;
    }
    Map<String, Integer> paths = new HashMap<>();
    for (Node entry : seq.getValue()) {
      if (!(entry instanceof MappingNode m)) {
        in.problem(entry, "item must be a mapping (" + NodeReader.list(ITEM_KEYS) + ")");
        continue;
      }
      int line = NodeReader.line(m);
      int before = in.problems().size();
      Map<String, Node> e = in.entries(m, ITEM_KEYS, "item: ");
      String path = path(e.get("path"), m, paths);
      String sha256 = sha256(e.get("sha256"));
      Node dNode = e.get("designation");
      Designation d = dNode == null ? null : designation(dNode);
      checkDlOnly(d, dNode, hasDl);
      boolean decontrol = flag(e.get("decontrol-on-release"), "decontrol-on-release");
      if (in.problems().size() == before) {
        out.add(new ManifestItem(path, sha256, d, line, decontrol));
      }
    }
    return out;
  }

  /** A true/false key; false when absent. */
  private boolean flag(Node node, String what) {
    if (node == null) {
      return false;
    }
    String t = in.text(node, what);
    if (t == null) {
      return false;
    }
    if (!t.equals("true") && !t.equals("false")) {
      in.problem(node, what + " '" + NodeReader.show(t) + "' must be true or false");
      return false;
    }
    return t.equals("true");
  }

  private String path(Node node, Node item, Map<String, Integer> seen) {
    if (node == null) {
      in.problem(item, "item: path is missing");
      return null;
    }
    String path = in.text(node, "path");
    if (path == null) {
      return null;
    }
    String why = ItemPaths.problem(path);
    if (why != null) {
      in.problem(node, why);
      return null;
    }
    Integer first = seen.putIfAbsent(path, NodeReader.line(node));
    if (first != null) {
      in.problem(
          node, "path " + NodeReader.show(path) + " is listed twice (first on line " + first + ")");
      return null;
    }
    return path;
  }

  private String sha256(Node node) {
    if (node == null) {
      return null;
    }
    String text = in.text(node, "sha256");
    if (text == null) {
      return null;
    }
    if (!text.matches("[0-9a-fA-F]{64}")) {
      in.problem(
          node,
          "sha256 '"
              + NodeReader.show(text)
              + "' must be exactly 64 hexadecimal digits (or leave it out)");
      return null;
    }
    return text.toLowerCase(Locale.ROOT);
  }
}
