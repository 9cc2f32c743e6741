package org.prex.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.prex.designate.Designation;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads and validates {@code policy.yaml}. Every problem found is collected with its line number,
 * so that an operator fixes them all in one go; a policy with any problem is refused.
 */
public final class PolicyLoader {
  private static final Set<String> TOP_KEYS =
      Set.of(
          "version",
          "default-designation",
          "manifest-timeout",
          "legacy-markings",
          "floors",
          "inspection-timeout",
          "images",
          "quotas",
          "partial-upload-max-age",
          "agencies");
  private static final Set<String> QUOTA_KEYS = Set.of("inbox-bytes", "inbox-files", "max-file-bytes");
  private static final Set<String> IMAGE_RULES = Set.of("hold", "deliver");
  private static final Set<String> AGENCY_KEYS =
      Set.of("name", "country", "federal", "categories", "deliver", "format");
  private static final Set<String> FORMATS = Set.of("auto", "seipd-v1", "seipd-v2");

  private final Path file;
  private final List<String> problems = new ArrayList<>();

  private PolicyLoader(Path file) {
    this.file = file;
  }

  public static Policy load(Path file) throws PolicyException {
    return new PolicyLoader(file).read();
  }

  private Policy read() throws PolicyException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PolicyException(file, List.of("cannot read: " + e.getMessage()));
    }
    Optional<Node> root;
    try {
      root =
          new Compose(LoadSettings.builder().setLabel(file.toString()).build()).composeString(text);
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      throw new PolicyException(
          file, List.of("line " + line + ": not valid YAML: " + e.getProblem()));
    }
    if (root.isEmpty() || !(root.get() instanceof MappingNode top)) {
      throw new PolicyException(file, List.of("line 1: expected a mapping (version, agencies, …)"));
    }
    Map<String, Node> entries = mapping(top, TOP_KEYS, "policy");
    String version = scalar(entries.get("version"), "version", top);
    if (version != null && !version.equals("1")) {
      problem(entries.get("version"), "version " + version + " is not supported (supported: 1)");
    }
    Designation defaultDesignation =
        Optional.ofNullable(designation(entries.get("default-designation"), "default-designation"))
            .orElse(Designation.parse("CUI//SP-PROPIN"));
    Duration timeout = duration(entries.get("manifest-timeout"), "manifest-timeout", Duration.ofHours(1));
    Duration inspectionTimeout =
        duration(entries.get("inspection-timeout"), "inspection-timeout", Duration.ofMinutes(2));
    Duration partialMaxAge =
        duration(entries.get("partial-upload-max-age"), "partial-upload-max-age", Duration.ofDays(2));
    String images = Optional.ofNullable(scalar(entries.get("images"), null, top)).orElse("hold");
    if (!IMAGE_RULES.contains(images)) {
      problem(entries.get("images"), "images '" + images + "' (allowed: deliver, hold)");
    }
    Policy.Quotas quotas = quotas(entries.get("quotas"));
    Map<String, Designation> legacy =
        designationMap(entries.get("legacy-markings"), "legacy-markings");
    Map<String, Designation> floors = designationMap(entries.get("floors"), "floors");
    Map<String, AgencyPolicy> agencies = new LinkedHashMap<>();
    Node agenciesNode = entries.get("agencies");
    if (agenciesNode == null) {
      problem(top, "no agencies: the policy must name at least one");
    } else if (agenciesNode instanceof MappingNode agencyMap) {
      for (NodeTuple t : agencyMap.getValue()) {
        String id = keyOf(t);
        AgencyPolicy a = agency(id, t.getKeyNode(), t.getValueNode());
        if (a != null) {
          agencies.put(id, a);
        }
      }
    } else {
      problem(agenciesNode, "agencies must be a mapping of agency id to its entry");
    }
    if (!problems.isEmpty()) {
      throw new PolicyException(file, problems);
    }
    return new Policy(
        defaultDesignation,
        timeout,
        legacy,
        floors,
        agencies,
        inspectionTimeout,
        Policy.ImageRule.valueOf(images.toUpperCase(java.util.Locale.ROOT)),
        quotas,
        partialMaxAge);
  }

  /** An ISO-8601 duration such as PT1H, positive; the default when absent. */
  private Duration duration(Node node, String what, Duration dflt) {
    if (node == null) {
      return dflt;
    }
    String t = scalar(node, what, node);
    if (t == null) {
      return dflt;
    }
    try {
      Duration d = Duration.parse(t);
      if (d.isNegative() || d.isZero()) {
        problem(node, what + " must be positive");
      }
      return d;
    } catch (DateTimeParseException e) {
      problem(node, what + " '" + t + "' is not an ISO-8601 duration like PT1H");
      return dflt;
    }
  }

  private Policy.Quotas quotas(Node node) {
    Policy.Quotas d = Policy.Quotas.DEFAULT;
    if (node == null) {
      return d;
    }
    if (!(node instanceof MappingNode m)) {
      problem(node, "quotas must be a mapping (inbox-bytes, inbox-files, max-file-bytes)");
      return d;
    }
    Map<String, Node> q = mapping(m, QUOTA_KEYS, "quotas");
    long bytes = size(q.get("inbox-bytes"), "quotas.inbox-bytes", d.inboxBytes());
    long files = count(q.get("inbox-files"), "quotas.inbox-files", d.inboxFiles());
    long max = size(q.get("max-file-bytes"), "quotas.max-file-bytes", d.maxFileBytes());
    return new Policy.Quotas(bytes, files, max);
  }

  private long size(Node node, String what, long dflt) {
    if (node == null) {
      return dflt;
    }
    String t = scalar(node, what, node);
    long v = t == null ? -1 : Policy.parseSize(t);
    if (v <= 0) {
      problem(node, what + " '" + t + "' must be a positive size such as 200GB, 512MB or 1048576");
      return dflt;
    }
    return v;
  }

  private long count(Node node, String what, long dflt) {
    if (node == null) {
      return dflt;
    }
    String t = scalar(node, what, node);
    try {
      long v = Long.parseLong(t == null ? "" : t.replace("_", ""));
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(node, what + " '" + t + "' must be a positive whole number");
    return dflt;
  }

  private AgencyPolicy agency(String id, Node keyNode, Node node) {
    if (!id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      problem(keyNode, "agency id '" + id + "' must be lower-case letters, digits and '-'");
      return null;
    }
    if (!(node instanceof MappingNode m)) {
      problem(node, "agency " + id + ": expected a mapping (name, country, federal, …)");
      return null;
    }
    int before = problems.size();
    Map<String, Node> e = mapping(m, AGENCY_KEYS, "agency " + id);
    String name = Optional.ofNullable(scalar(e.get("name"), null, m)).orElse(id);
    String country = scalar(e.get("country"), "agency " + id + ": country", m);
    if (country != null && !country.matches("[A-Z]{3}")) {
      problem(
          e.get("country"),
          "agency "
              + id
              + ": country '"
              + country
              + "' must be an ISO 3166 trigraph such as USA, GBR");
    }
    String federalText = Optional.ofNullable(scalar(e.get("federal"), null, m)).orElse("false");
    if (!federalText.equals("true") && !federalText.equals("false")) {
      problem(e.get("federal"), "agency " + id + ": federal must be true or false");
    }
    Set<String> categories = new TreeSet<>();
    Node cats = e.get("categories");
    if (cats instanceof SequenceNode seq) {
      for (Node c : seq.getValue()) {
        String cat = c instanceof ScalarNode s ? s.getValue() : null;
        if (cat == null || !Designation.KNOWN_CATEGORIES.contains(cat)) {
          problem(
              c,
              "agency "
                  + id
                  + ": unknown category "
                  + cat
                  + " (known: "
                  + String.join(", ", new TreeSet<>(Designation.KNOWN_CATEGORIES))
                  + ")");
        } else {
          categories.add(cat);
        }
      }
    } else if (cats != null) {
      problem(cats, "agency " + id + ": categories must be a list such as [PROPIN, EXPT]");
    }
    String deliver = scalar(e.get("deliver"), "agency " + id + ": deliver", m);
    if (deliver != null) {
      String why = deliveryProblem(deliver);
      if (why != null) {
        problem(e.get("deliver"), "agency " + id + ": deliver '" + deliver + "': " + why);
      }
    }
    String format = Optional.ofNullable(scalar(e.get("format"), null, m)).orElse("auto");
    if (!FORMATS.contains(format)) {
      problem(
          e.get("format"),
          "agency "
              + id
              + ": format '"
              + format
              + "' (allowed: "
              + String.join(", ", new TreeSet<>(FORMATS))
              + ")");
    }
    if (problems.size() > before) {
      return null;
    }
    return new AgencyPolicy(
        id, name, country, federalText.equals("true"), categories, deliver, format);
  }

  /** Null when the URI is usable, else why not. */
  static String deliveryProblem(String deliver) {
    if (deliver.startsWith("file:")) {
      return deliver.length() > "file:".length() ? null : "file: needs a path";
    }
    if (deliver.startsWith("sftp://")) {
      try {
        URI uri = new URI(deliver);
        if (uri.getHost() == null || uri.getUserInfo() == null) {
          return "needs sftp://user@host:port/path";
        }
        String q = Optional.ofNullable(uri.getQuery()).orElse("");
        if (!q.contains("knownHostsFile=")) {
          return "needs knownHostsFile=… (strict host-key checking)";
        }
        if (q.contains("strictHostKeyChecking=") && !q.contains("strictHostKeyChecking=yes")) {
          return "host keys are always checked strictly: strictHostKeyChecking may only be yes";
        }
        return null;
      } catch (URISyntaxException e) {
        return "not a valid URI (" + e.getReason() + ")";
      }
    }
    return "unsupported scheme (allowed: file:PATH, sftp://user@host:port/path?…)";
  }

  private Map<String, Designation> designationMap(Node node, String what) {
    Map<String, Designation> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    if (!(node instanceof MappingNode m)) {
      problem(node, what + " must be a mapping");
      return out;
    }
    for (NodeTuple t : m.getValue()) {
      Designation d = designation(t.getValueNode(), what + "." + keyOf(t));
      if (d != null) {
        out.put(keyOf(t), d);
      }
    }
    return out;
  }

  private Designation designation(Node node, String what) {
    if (node == null) {
      return null;
    }
    String text = scalar(node, what, node);
    if (text == null) {
      return null;
    }
    try {
      return Designation.parse(text);
    } catch (IllegalArgumentException e) {
      problem(node, what + ": " + e.getMessage());
      return null;
    }
  }

  private Map<String, Node> mapping(MappingNode m, Set<String> allowed, String what) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      String key = keyOf(t);
      if (!allowed.contains(key)) {
        problem(
            t.getKeyNode(),
            what
                + ": unknown key '"
                + key
                + "' (allowed: "
                + String.join(", ", new TreeSet<>(allowed))
                + ")");
      } else if (out.put(key, t.getValueNode()) != null) {
        problem(t.getKeyNode(), what + ": '" + key + "' given twice");
      }
    }
    return out;
  }

  /** The scalar's text; a problem (when required, i.e. what != null) if absent or not a scalar. */
  private String scalar(Node node, String what, Node parent) {
    if (node == null) {
      if (what != null) {
        problem(parent, what + " is missing");
      }
      return null;
    }
    if (node instanceof ScalarNode s) {
      return s.getValue();
    }
    problem(node, (what == null ? "value" : what) + " must be a single value");
    return null;
  }

  private static String keyOf(NodeTuple t) {
    return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
  }

  private void problem(Node node, String message) {
    int line = node == null ? 0 : node.getStartMark().map(mk -> mk.getLine() + 1).orElse(0);
    problems.add("line " + line + ": " + message);
  }
}
