package org.prex.submission;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.prex.designate.Designation;
import org.prex.item.Ids;
import org.prex.yaml.NodeReader;
import org.prex.yaml.YamlException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads an agency's {@code findings.yaml} as strictly as a lab's {@code submission.yaml}
 * (docs/formats.md): the same limits, the same item entries (no {@code decontrol-on-release}), and
 * every problem named with its line.
 */
public final class FindingsParser {
  public static final String FILE_NAME = "findings.yaml";
  private static final List<String> TOP_KEYS =
      List.of("submission", "designation", "share-with", "items");

  private FindingsParser() {}

  /**
   * @param yaml the file's bytes (UTF-8, at most 1 MiB)
   * @param agencies the agency ids of the policy
   * @param from the agency that returned it: it may not share its findings with itself
   * @throws ManifestException naming every problem found, each as {@code line N: …}
   */
  public static FindingsManifest parse(byte[] yaml, Set<String> agencies, String from)
      throws ManifestException {
    ManifestParser p = new ManifestParser(agencies, LocalDate.MIN);
    NodeReader in = p.in;
    Optional<Node> root;
    try {
      root = NodeReader.compose(yaml, FILE_NAME, ManifestParser.MAX_BYTES);
    } catch (YamlException e) {
      throw new ManifestException(e.problems());
    }
    if (root.isEmpty()) {
      throw new ManifestException(
          List.of("line 1: " + FILE_NAME + " is empty: expected submission, items"));
    }
    if (!(root.get() instanceof MappingNode top)) {
      throw new ManifestException(List.of(NodeReader.notATopMapping(root.get(), TOP_KEYS)));
    }
    Map<String, Node> e = in.entries(top, TOP_KEYS, "");
    Node subNode = e.get("submission");
    String submission =
        in.requiredText(
            subNode, top, "submission", "give the id of the submission these findings answer");
    if (submission != null && (!Ids.isId(submission) || !submission.startsWith("s-"))) {
      in.problem(
          subNode,
          "submission '"
              + NodeReader.show(submission)
              + "' is not a submission id (s- and 26 letters or digits 2-7)");
    }
    Node defaultNode = e.get("designation");
    Designation designation = defaultNode == null ? null : p.designation(defaultNode);
    p.checkDlOnly(designation, defaultNode, false);
    Node shareNode = e.get("share-with");
    List<String> shareWith = p.agencyList(shareNode, "share-with");
    if (shareWith != null && shareWith.contains(from)) {
      in.problem(shareNode, "share-with: " + from + " is the agency returning these findings");
    }
    List<ManifestItem> items = p.items(e.get("items"), top, false);
    for (ManifestItem item : items) {
      if (item.path().equals(FILE_NAME)) {
        in.problem(item.line(), FILE_NAME + " is the manifest: it cannot list itself");
      }
      if (item.decontrolOnRelease()) {
        in.problem(item.line(), "decontrol-on-release is for a lab's submission, not for findings");
      }
    }
    if (!in.problems().isEmpty()) {
      throw new ManifestException(in.problems());
    }
    return new FindingsManifest(submission, designation, shareWith, items);
  }
}
