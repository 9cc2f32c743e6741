package org.prex.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.prex.designate.Designation;
import org.prex.yaml.NodeReader;
import org.prex.yaml.YamlException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads and validates {@code policy.yaml} strictly (docs/policy.md): unknown keys at every level
 * (with the nearest allowed key), duplicate keys and agencies, floor kinds, categories and
 * designations against the grammar, durations, sizes and quotas with their ranges, delivery URIs,
 * and, when keys are given, each agency's key. Every problem is collected with its line, so that an
 * operator fixes them all in one go; a policy with any problem is refused whole.
 *
 * <p>It reads YAML with the same walker as {@code submission.yaml} ({@link NodeReader}).
 */
public final class PolicyLoader {
  public static final String FILE_NAME = "policy.yaml";
  static final int MAX_BYTES = 1024 * 1024;

  private static final List<String> TOP_KEYS =
      List.of(
          "version",
          "default-designation",
          "manifest-timeout",
          "legacy-markings",
          "floors",
          "inspection-timeout",
          "images",
          "quotas",
          "partial-upload-max-age",
          "release-window",
          "retention-after-release",
          "destruction-deadline",
          "acknowledgment-due",
          "agencies");
  private static final List<String> WINDOW_KEYS = List.of("max-days-before", "outside");
  private static final List<String> WINDOW_RULES = List.of("warn", "reject");
  private static final Duration MAX_REVIEW_TIME = Duration.ofDays(3660);
  private static final List<String> QUOTA_KEYS =
      List.of("inbox-bytes", "inbox-files", "max-file-bytes");
  private static final List<String> IMAGE_RULES = List.of("hold", "deliver");
  private static final List<String> AGENCY_KEYS =
      List.of("name", "country", "federal", "categories", "deliver", "format");
  private static final List<String> FORMATS = List.of("auto", "seipd-v1", "seipd-v2");
  private static final List<String> SFTP_PARAMETERS =
      List.of(
          "privateKeyFile",
          "knownHostsFile",
          "strictHostKeyChecking",
          "connectTimeout",
          "readTimeout");

  /** Limits of an sftp: target's time-outs, in milliseconds. */
  static final long MIN_SFTP_TIMEOUT = 1_000;

  static final long MAX_SFTP_TIMEOUT = 600_000;

  /** The data folder's own folders and files: no agency's packages may be delivered into them. */
  static final List<String> RESERVED =
      List.of(
          "audit",
          "staging",
          "quarantine",
          "sftp",
          "taken",
          "policies",
          "ingest-account",
          "drop-box.known_hosts");

  static final Designation DEFAULT_DESIGNATION = Designation.parse("CUI//SP-PROPIN");
  static final Duration MAX_MANIFEST_TIMEOUT = Duration.ofDays(30);
  static final Duration MAX_INSPECTION_TIMEOUT = Duration.ofHours(24);
  static final Duration MAX_PARTIAL_AGE = Duration.ofDays(365);
  static final long MAX_INBOX_FILES = 1_000_000_000L;

  private final NodeReader in = new NodeReader();
  private final AgencyKeys keys;
  private final Path data;

  private PolicyLoader(AgencyKeys keys, Path data) {
    this.keys = keys;
    this.data = data;
  }

  /** Loads and validates a policy file, without checking agency keys. */
  public static Policy load(Path file) throws PolicyException {
    return read(file, AgencyKeys.UNCHECKED, null).policy();
  }

  /**
   * Loads and validates a policy file.
   *
   * @param keys checks each agency's key; {@link AgencyKeys#UNCHECKED} to skip
   * @param data the data folder, to check that SFTP key files named relative to it are readable;
   *     null to skip
   * @throws PolicyException naming every problem, each as {@code line N: …}
   */
  public static PolicyFile read(Path file, AgencyKeys keys, Path data) throws PolicyException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new PolicyException(
          file, List.of("line 1: cannot read " + file + " (" + e.getClass().getSimpleName() + ")"));
    }
    try {
      return parse(bytes, keys, data);
    } catch (PolicyException e) {
      throw new PolicyException(file, e.problems());
    }
  }

  /** Validates a policy's bytes; see {@link #read}. */
  public static PolicyFile parse(byte[] bytes, AgencyKeys keys, Path data) throws PolicyException {
    Policy policy = new PolicyLoader(keys, data).read(bytes);
    return new PolicyFile(policy, bytes, PolicyFile.sha256Of(bytes));
  }

  private Policy read(byte[] bytes) throws PolicyException {
    Optional<Node> root;
    try {
      root = NodeReader.compose(bytes, FILE_NAME, MAX_BYTES);
    } catch (YamlException e) {
      throw new PolicyException(Path.of(FILE_NAME), e.problems());
    }
    if (root.isEmpty()) {
      throw new PolicyException(
          Path.of(FILE_NAME),
          List.of("line 1: " + FILE_NAME + " is empty: expected version, agencies, …"));
    }
    if (!(root.get() instanceof MappingNode top)) {
      throw new PolicyException(
          Path.of(FILE_NAME), List.of(NodeReader.notATopMapping(root.get(), TOP_KEYS)));
    }
    Map<String, Node> e = in.entries(top, TOP_KEYS, "");
    version(e.get("version"), top);
    Designation defaultDesignation = defaultDesignation(e.get("default-designation"));
    Duration manifestTimeout =
        duration(
            e.get("manifest-timeout"),
            "manifest-timeout",
            Duration.ofHours(1),
            MAX_MANIFEST_TIMEOUT);
    Duration inspectionTimeout =
        duration(
            e.get("inspection-timeout"),
            "inspection-timeout",
            Duration.ofMinutes(2),
            MAX_INSPECTION_TIMEOUT);
    Duration partialMaxAge =
        duration(
            e.get("partial-upload-max-age"),
            "partial-upload-max-age",
            Duration.ofDays(2),
            MAX_PARTIAL_AGE);
    Policy.ImageRule images = images(e.get("images"));
    Policy.Quotas quotas = quotas(e.get("quotas"));
    Map<String, Designation> legacy = legacyMarkings(e.get("legacy-markings"));
    Map<String, Designation> floors = floors(e.get("floors"));
    Map<String, AgencyPolicy> agencies = agencies(e.get("agencies"), top);
    Policy.Review review = review(e);
    if (!in.problems().isEmpty()) {
      throw new PolicyException(Path.of(FILE_NAME), byLine(in.problems()));
    }
    return new Policy(
        defaultDesignation,
        manifestTimeout,
        legacy,
        floors,
        agencies,
        inspectionTimeout,
        images,
        quotas,
        partialMaxAge,
        review);
  }

  /** The review cycle's keys (docs/policy.md, docs/review-cycle.md). */
  private Policy.Review review(Map<String, Node> e) {
    Policy.Review d = Policy.Review.DEFAULT;
    int days = d.releaseWindowDays();
    boolean reject = d.rejectOutsideWindow();
    Node window = e.get("release-window");
    if (window instanceof MappingNode m) {
      Map<String, Node> w = in.entries(m, WINDOW_KEYS, "release-window: ");
      Node max = w.get("max-days-before");
      if (max != null) {
        String t = in.text(max, "release-window: max-days-before");
        if (t != null) {
          try {
            days = Integer.parseInt(t.strip());
          } catch (NumberFormatException ex) {
            days = -1;
          }
          if (days < 1 || days > 3660) {
            in.problem(
                max,
                "release-window: max-days-before '"
                    + NodeReader.show(t)
                    + "' is not a whole number of days from 1 to 3660");
            days = d.releaseWindowDays();
          }
        }
      }
      Node outside = w.get("outside");
      if (outside != null) {
        String t = in.text(outside, "release-window: outside");
        if (t != null && !WINDOW_RULES.contains(t)) {
          in.problem(
              outside,
              "release-window: outside '"
                  + NodeReader.show(t)
                  + "' (allowed: "
                  + NodeReader.list(WINDOW_RULES)
                  + ")");
        } else if (t != null) {
          reject = t.equals("reject");
        }
      }
    } else if (window != null) {
      in.problem(
          window, "release-window must be a mapping: { max-days-before: 30, outside: warn }");
    }
    return new Policy.Review(
        days,
        reject,
        duration(
            e.get("retention-after-release"),
            "retention-after-release",
            d.retentionAfterRelease(),
            MAX_REVIEW_TIME),
        duration(
            e.get("destruction-deadline"),
            "destruction-deadline",
            d.destructionDeadline(),
            MAX_REVIEW_TIME),
        duration(
            e.get("acknowledgment-due"),
            "acknowledgment-due",
            d.acknowledgmentDue(),
            MAX_REVIEW_TIME));
  }

  /** The problems in the order of their lines (a stable sort: one line's stay as found). */
  private static List<String> byLine(List<String> problems) {
    return problems.stream()
        .sorted(
            java.util.Comparator.comparingInt(
                p -> Integer.parseInt(p.substring("line ".length(), p.indexOf(':')))))
        .toList();
  }

  private void version(Node node, Node top) {
    String v = in.requiredText(node, top, "version", "write version: 1");
    if (v != null && !v.equals("1")) {
      in.problem(node, "version '" + NodeReader.show(v) + "' is not supported (supported: 1)");
    }
  }

  private Designation defaultDesignation(Node node) {
    if (node == null) {
      return DEFAULT_DESIGNATION;
    }
    Designation d = designation(node, "default-designation");
    return d == null ? DEFAULT_DESIGNATION : d;
  }

  /** An ISO-8601 duration such as PT1H, positive and at most {@code max}; the default if absent. */
  private Duration duration(Node node, String what, Duration dflt, Duration max) {
    if (node == null) {
      return dflt;
    }
    String t = in.text(node, what);
    if (t == null) {
      return dflt;
    }
    Duration d;
    try {
      d = Duration.parse(t.strip());
    } catch (DateTimeParseException ex) {
      in.problem(
          node,
          what
              + " '"
              + NodeReader.show(t)
              + "' is not an ISO-8601 duration such as PT30S, PT1H or P2D");
      return dflt;
    }
    if (d.isNegative() || d.isZero()) {
      in.problem(node, what + " " + t + " must be positive");
      return dflt;
    }
    if (d.compareTo(max) > 0) {
      in.problem(node, what + " " + t + " is longer than allowed (at most " + max + ")");
      return dflt;
    }
    return d;
  }

  private Policy.ImageRule images(Node node) {
    if (node == null) {
      return Policy.ImageRule.HOLD;
    }
    String t = in.text(node, "images");
    if (t == null) {
      return Policy.ImageRule.HOLD;
    }
    if (!IMAGE_RULES.contains(t)) {
      in.problem(
          node,
          "images '"
              + NodeReader.show(t)
              + "' (allowed: "
              + NodeReader.list(IMAGE_RULES)
              + ")"
              + suggestion(t, IMAGE_RULES));
      return Policy.ImageRule.HOLD;
    }
    return Policy.ImageRule.valueOf(t.toUpperCase(Locale.ROOT));
  }

  private Policy.Quotas quotas(Node node) {
    Policy.Quotas d = Policy.Quotas.DEFAULT;
    MappingNode m =
        in.optional(
            node,
            MappingNode.class,
            "quotas must be a mapping (" + NodeReader.list(QUOTA_KEYS) + ")");
    if (m == null) {
      return d;
    }
    Map<String, Node> q = in.entries(m, QUOTA_KEYS, "quotas: ");
    long bytes = size(q.get("inbox-bytes"), "quotas: inbox-bytes", d.inboxBytes());
    long files = count(q.get("inbox-files"), "quotas: inbox-files", d.inboxFiles());
    long max = size(q.get("max-file-bytes"), "quotas: max-file-bytes", d.maxFileBytes());
    if (max > bytes && q.get("max-file-bytes") != null) {
      in.problem(
          q.get("max-file-bytes"),
          "quotas: max-file-bytes ("
              + max
              + " bytes) is larger than inbox-bytes ("
              + bytes
              + " bytes): no file that large could be uploaded");
    } else if (max > bytes) {
      in.problem(
          q.get("inbox-bytes"),
          "quotas: inbox-bytes ("
              + bytes
              + " bytes) is smaller than max-file-bytes ("
              + max
              + " bytes)");
    }
    return new Policy.Quotas(bytes, files, max);
  }

  private long size(Node node, String what, long dflt) {
    if (node == null) {
      return dflt;
    }
    String t = in.text(node, what);
    if (t == null) {
      return dflt;
    }
    long v = Policy.parseSize(t);
    if (v <= 0) {
      in.problem(
          node,
          what
              + " '"
              + NodeReader.show(t)
              + "' must be a positive size such as 200GB, 512MiB or 1048576 (bytes)");
      return dflt;
    }
    return v;
  }

  private long count(Node node, String what, long dflt) {
    if (node == null) {
      return dflt;
    }
    String t = in.text(node, what);
    if (t == null) {
      return dflt;
    }
    long v = -1;
    if (t.matches("[0-9][0-9_]{0,18}")) {
      v = Long.parseLong(t.replace("_", ""));
    }
    if (v <= 0 || v > MAX_INBOX_FILES) {
      in.problem(
          node,
          what
              + " '"
              + NodeReader.show(t)
              + "' must be a whole number from 1 to "
              + MAX_INBOX_FILES);
      return dflt;
    }
    return v;
  }

  private Map<String, Designation> legacyMarkings(Node node) {
    Map<String, Designation> out = new LinkedHashMap<>();
    MappingNode m =
        in.optional(
            node,
            MappingNode.class,
            "legacy-markings must be a mapping such as { PROPRIETARY: CUI//SP-PROPIN }");
    if (m == null) {
      return out;
    }
    Map<String, Node> e = in.entries(m, null, "legacy-markings: ", "marking");
    for (var t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k) || e.get(k.getValue()) != t.getValueNode()) {
        continue; // reported by entries
      }
      String marking = k.getValue();
      String what = "legacy-markings: " + NodeReader.show(marking);
      if (marking.isBlank()) {
        in.problem(k, "legacy-markings: a marking must not be blank");
        continue;
      }
      String upper = marking.strip().toUpperCase(Locale.ROOT);
      if (upper.startsWith("CUI")) {
        in.problem(k, what + ": CUI markings are read as such; only legacy markings are mapped");
        continue;
      }
      if (upper.matches("(TOP )?SECRET\\b.*")) {
        in.problem(
            k, what + ": a classified marking is a spill and is never mapped to a designation");
        continue;
      }
      Designation d = designation(t.getValueNode(), what);
      if (d != null) {
        out.put(marking, d);
      }
    }
    return out;
  }

  private Map<String, Designation> floors(Node node) {
    Map<String, Designation> out = new LinkedHashMap<>();
    MappingNode m =
        in.optional(
            node,
            MappingNode.class,
            "floors must be a mapping of detected kind to designation ("
                + NodeReader.list(Policy.FLOOR_KINDS)
                + ")");
    if (m == null) {
      return out;
    }
    Map<String, Node> e = in.entries(m, Policy.FLOOR_KINDS, "floors: ", "kind");
    for (Map.Entry<String, Node> f : e.entrySet()) {
      Designation d = designation(f.getValue(), "floors: " + f.getKey());
      if (d != null) {
        out.put(f.getKey(), d);
      }
    }
    return out;
  }

  private Designation designation(Node node, String what) {
    String text = in.text(node, what);
    if (text == null) {
      return null;
    }
    try {
      return Designation.parse(text);
    } catch (IllegalArgumentException ex) {
      in.problem(node, what + ": " + NodeReader.show(ex.getMessage()));
      return null;
    }
  }

  private Map<String, AgencyPolicy> agencies(Node node, Node top) {
    Map<String, AgencyPolicy> out = new LinkedHashMap<>();
    MappingNode m =
        in.required(
            node,
            top,
            MappingNode.class,
            "agencies",
            "a mapping of agency id to its entry",
            "the policy must name at least one agency");
    if (m == null) {
      return out;
    }
    Map<String, Node> e = in.entries(m, null, "agencies: ", "agency");
    Map<String, Node> idNodes = new LinkedHashMap<>();
    for (var t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && e.get(k.getValue()) == t.getValueNode()) {
        idNodes.putIfAbsent(k.getValue(), k);
      }
    }
    Map<Path, String> fileTargets = new LinkedHashMap<>();
    Map<String, Node> deliverNodes = new LinkedHashMap<>();
    for (Map.Entry<String, Node> a : e.entrySet()) {
      AgencyPolicy agency = agency(a.getKey(), idNodes.get(a.getKey()), a.getValue(), deliverNodes);
      if (agency != null) {
        out.put(agency.id(), agency);
        Path target = fileTarget(agency.deliver());
        if (target != null) {
          sameTarget(agency, target, fileTargets, deliverNodes.get(agency.id()));
          fileTargets.put(target, agency.id());
        }
      }
    }
    return out;
  }

  /** Two agencies whose packages would land in the same folder, or one inside the other's. */
  private void sameTarget(AgencyPolicy a, Path target, Map<Path, String> others, Node node) {
    for (Map.Entry<Path, String> o : others.entrySet()) {
      Path other = o.getKey();
      if (target.equals(other)) {
        in.problem(
            node,
            "agency "
                + a.id()
                + ": deliver "
                + a.deliver()
                + " is agency "
                + o.getValue()
                + "'s target too: each agency needs its own folder");
      } else if (target.startsWith(other) || other.startsWith(target)) {
        in.problem(
            node,
            "agency "
                + a.id()
                + ": deliver "
                + a.deliver()
                + " overlaps agency "
                + o.getValue()
                + "'s target: each agency needs its own folder");
      }
    }
  }

  private AgencyPolicy agency(String id, Node idNode, Node node, Map<String, Node> deliverNodes) {
    int before = in.problems().size();
    if (!id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      in.problem(
          idNode,
          "agency id '"
              + NodeReader.show(id)
              + "' must be 1-63 lower-case letters, digits and '-', starting with a letter or"
              + " digit");
      return null;
    }
    String what = "agency " + id + ": ";
    if (!(node instanceof MappingNode m)) {
      in.problem(
          NodeReader.isNull(node) ? idNode : node,
          what + "expected a mapping (" + NodeReader.list(AGENCY_KEYS) + ")");
      return null;
    }
    Map<String, Node> e = in.entries(m, AGENCY_KEYS, what);
    String name = id;
    if (e.get("name") != null) {
      String n = in.text(e.get("name"), what + "name");
      if (n != null && n.isBlank()) {
        in.problem(e.get("name"), what + "name is empty: give it or leave the key out");
      } else if (n != null) {
        name = n;
      }
    }
    String country = country(e.get("country"), idNode, what);
    boolean federal = federal(e.get("federal"), what);
    Set<String> categories = categories(e.get("categories"), what);
    String deliver = deliver(e.get("deliver"), idNode, what);
    deliverNodes.put(id, e.get("deliver"));
    String format = "auto";
    if (e.get("format") != null) {
      String f = in.text(e.get("format"), what + "format");
      if (f != null && !FORMATS.contains(f)) {
        in.problem(
            e.get("format"),
            what
                + "format '"
                + NodeReader.show(f)
                + "' (allowed: "
                + NodeReader.list(FORMATS)
                + ")"
                + suggestion(f, FORMATS));
      } else if (f != null) {
        format = f;
      }
    }
    for (String p : keys.problems(id)) {
      in.problem(idNode, what + "no usable key: " + p);
    }
    if (in.problems().size() > before) {
      return null;
    }
    return new AgencyPolicy(id, name, country, federal, categories, deliver, format);
  }

  private String country(Node node, Node idNode, String what) {
    if (node == null) {
      in.problem(idNode, what + "country is missing: give an ISO 3166 trigraph such as USA, GBR");
      return null;
    }
    String c = in.text(node, what + "country");
    if (c != null && !c.matches("[A-Z]{3}")) {
      in.problem(
          node,
          what
              + "country '"
              + NodeReader.show(c)
              + "' must be an ISO 3166 trigraph in capitals such as USA, GBR");
      return null;
    }
    return c;
  }

  private boolean federal(Node node, String what) {
    if (node == null) {
      return false;
    }
    String f = in.text(node, what + "federal");
    if (f != null && !f.equals("true") && !f.equals("false")) {
      in.problem(node, what + "federal '" + NodeReader.show(f) + "' must be true or false");
    }
    return "true".equals(f);
  }

  private Set<String> categories(Node node, String what) {
    Set<String> out = new TreeSet<>();
    SequenceNode seq =
        in.optional(
            node, SequenceNode.class, what + "categories must be a list such as [PROPIN, EXPT]");
    if (seq == null) {
      return out;
    }
    List<String> known = List.copyOf(new TreeSet<>(Designation.KNOWN_CATEGORIES));
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (Node c : seq.getValue()) {
      String cat = in.text(c, what + "category");
      if (cat == null) {
        continue;
      }
      if (cat.startsWith("SP-") && known.contains(cat.substring(3))) {
        in.problem(
            c,
            what
                + "category '"
                + cat
                + "': write "
                + cat.substring(3)
                + " (agencies list specified categories without SP-)");
        continue;
      }
      if (!known.contains(cat)) {
        in.problem(
            c,
            what
                + "unknown category '"
                + NodeReader.show(cat)
                + "' (known: "
                + NodeReader.list(known)
                + ")"
                + suggestion(cat, known));
        continue;
      }
      Integer first = seen.putIfAbsent(cat, NodeReader.line(c));
      if (first != null) {
        in.problem(c, what + "category " + cat + " is listed twice (first on line " + first + ")");
        continue;
      }
      out.add(cat);
    }
    return out;
  }

  private String deliver(Node node, Node idNode, String what) {
    if (node == null) {
      in.problem(
          idNode,
          what
              + "deliver is missing: give file:PATH (inside the data folder) or"
              + " sftp://user@host:port/path?privateKeyFile=…&knownHostsFile=…");
      return null;
    }
    String d = in.text(node, what + "deliver");
    if (d == null) {
      return null;
    }
    String why = deliveryProblem(d);
    if (why != null) {
      in.problem(node, what + "deliver '" + NodeReader.show(d) + "': " + why);
      return null;
    }
    if (data != null && d.startsWith("sftp:")) {
      List<String> unreadable = unreadableKeyFiles(d, data);
      unreadable.forEach(u -> in.problem(node, what + u));
      return unreadable.isEmpty() ? d : null;
    }
    return d;
  }

  /** The folder a {@code file:} URI names, relative to the data folder; null for other URIs. */
  static Path fileTarget(String deliver) {
    if (deliver == null || !deliver.startsWith("file:")) {
      return null;
    }
    return Path.of(deliver.substring("file:".length())).normalize();
  }

  /** Null when the delivery URI is usable, else why not. */
  static String deliveryProblem(String deliver) {
    if (deliver.startsWith("file:")) {
      return fileProblem(deliver.substring("file:".length()));
    }
    if (deliver.startsWith("sftp:")) {
      return sftpProblem(deliver);
    }
    int colon = deliver.indexOf(':');
    return "unsupported scheme"
        + (colon > 0 ? " " + NodeReader.show(deliver.substring(0, colon)) : "")
        + " (allowed: file:PATH inside the data folder, sftp://user@host:port/path?…)";
  }

  private static String fileProblem(String path) {
    if (path.isBlank()) {
      return "file: needs a path inside the data folder, such as file:outbox/caisi";
    }
    if (path.startsWith("//")) {
      return "write file:PATH with a path relative to the data folder, not file://";
    }
    if (path.contains("?") || path.contains("#")) {
      return "a file: target takes no options";
    }
    if (path.codePoints().anyMatch(NodeReader::isControl) || path.contains("\\")) {
      return "the path holds control characters or '\\'";
    }
    Path p = Path.of(path);
    if (p.isAbsolute()) {
      return "an absolute path escapes the data folder: give a path relative to it, such as"
          + " file:outbox/caisi";
    }
    Path n = p.normalize();
    if (n.toString().isEmpty()) {
      return "is the data folder itself: give a folder inside it, such as file:outbox/caisi";
    }
    if (n.startsWith("..")) {
      return "escapes the data folder (relative paths are inside it)";
    }
    String first = n.getName(0).toString();
    if (RESERVED.contains(first)) {
      return "is inside the data folder's own '"
          + first
          + "' folder, which holds the exchange's state: use a folder such as outbox/<agency>";
    }
    return null;
  }

  private static String sftpProblem(String deliver) {
    URI uri;
    try {
      uri = new URI(deliver);
    } catch (URISyntaxException e) {
      return "not a valid URI (" + e.getReason() + " at index " + e.getIndex() + ")";
    }
    if (!"sftp".equals(uri.getScheme()) || uri.getRawAuthority() == null) {
      return "needs sftp://user@host:port/path?privateKeyFile=…&knownHostsFile=…";
    }
    if (uri.getHost() == null || uri.getUserInfo() == null || uri.getUserInfo().isEmpty()) {
      return "needs a user and a host: sftp://user@host:port/path";
    }
    if (uri.getUserInfo().contains(":")) {
      return "no password in the URI: the agency's server is reached with a private key";
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535 || uri.getRawAuthority().endsWith(":")) {
      return "port must be 1 to 65535";
    }
    if (uri.getFragment() != null) {
      return "an sftp: target takes no '#' fragment";
    }
    Map<String, String> query = new LinkedHashMap<>();
    String raw = Optional.ofNullable(uri.getRawQuery()).orElse("");
    for (String kv : raw.isEmpty() ? new String[0] : raw.split("&")) {
      int eq = kv.indexOf('=');
      String key = eq < 0 ? kv : kv.substring(0, eq);
      String value = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      if (!SFTP_PARAMETERS.contains(key)) {
        return "unknown option '"
            + NodeReader.show(key)
            + "' (allowed: "
            + NodeReader.list(SFTP_PARAMETERS)
            + ")"
            + suggestion(key, SFTP_PARAMETERS);
      }
      if (query.put(key, value) != null) {
        return "option " + key + " given twice";
      }
    }
    if (query.getOrDefault("privateKeyFile", "").isBlank()) {
      return "needs privateKeyFile=… (the exchange logs in with a key, never a password)";
    }
    if (query.getOrDefault("knownHostsFile", "").isBlank()) {
      return "needs knownHostsFile=… (host keys are always checked strictly)";
    }
    if (query.containsKey("strictHostKeyChecking")
        && !query.get("strictHostKeyChecking").equals("yes")) {
      return "host keys are always checked strictly: strictHostKeyChecking may only be yes";
    }
    for (String timeout : List.of("connectTimeout", "readTimeout")) {
      String v = query.get(timeout);
      if (v != null && !v.matches("[0-9]{1,7}")
          || v != null
              && (Long.parseLong(v) < MIN_SFTP_TIMEOUT || Long.parseLong(v) > MAX_SFTP_TIMEOUT)) {
        return timeout
            + " must be milliseconds from "
            + MIN_SFTP_TIMEOUT
            + " to "
            + MAX_SFTP_TIMEOUT
            + ", not '"
            + NodeReader.show(v)
            + "'";
      }
    }
    return null;
  }

  /** The sftp: key files that cannot be read, one message each (relative to the data folder). */
  private static List<String> unreadableKeyFiles(String deliver, Path data) {
    List<String> out = new java.util.ArrayList<>();
    Map<String, String> query = new LinkedHashMap<>();
    for (String kv : URI.create(deliver).getRawQuery().split("&")) {
      int eq = kv.indexOf('=');
      query.put(
          kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    for (String f : List.of("privateKeyFile", "knownHostsFile")) {
      Path file = data.resolve(query.get(f)).normalize();
      if (!Files.isReadable(file)) {
        out.add(f + " " + file + " is not readable (relative paths are inside the data folder)");
      } else if (f.equals("privateKeyFile")) {
        // a key the build's line may not use (the FIPS line: Ed25519, a non-approved passphrase)
        org.prex.remote.SftpSessions.identityProblem(file)
            .ifPresent(why -> out.add(f + " " + file + ": " + why));
      } else {
        // host keys the build's line cannot check (the FIPS line: Ed25519 only, say)
        URI uri = URI.create(deliver);
        org.prex.remote.SftpSessions.hostKeyProblem(
                file, uri.getHost(), uri.getPort() < 0 ? 22 : uri.getPort())
            .ifPresent(why -> out.add(f + " " + file + ": " + why));
      }
    }
    return out;
  }

  private static String suggestion(String word, List<String> allowed) {
    String near = NodeReader.closest(word, allowed);
    return near == null ? "" : "; did you mean '" + near + "'?";
  }
}
