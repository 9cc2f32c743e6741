package org.prex.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.files.OwnerOnly;
import org.prex.ingest.FolderIntake;
import org.prex.item.Ids;
import org.prex.item.Sha256;
import org.prex.receipt.ReceiptBox;
import org.prex.seal.ClearSigner;
import org.prex.yaml.NodeReader;
import org.prex.yaml.YamlException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A lab's withdrawal (docs/review-cycle.md): {@code /inbox/<name>/withdraw.yaml} naming one of its
 * submissions ({@code submission:} its id, or {@code reference:} its own reference) and why ({@code
 * reason:}). A valid one is logged WITHDRAWN: the agencies' lanes deliver nothing more of the
 * submission, and the review route sends every agency that received any of it a withdrawal notice,
 * then the lab a review receipt. One that names no submission of this lab is refused with a receipt
 * saying why. The reason the lab gives goes to the agencies, never into the log.
 */
public final class Withdrawals implements FolderIntake.Withdrawals {
  private static final List<String> KEYS = List.of("submission", "reference", "reason");
  private static final int MAX_BYTES = 64 * 1024;
  private static final int MAX_REASON = 2000;

  private final AuditLog log;
  private final ClearSigner signer;
  private final ReceiptBox box;
  private final Path kept;
  private final Runnable withdrawn;

  /**
   * @param withdrawn told after each withdrawal is logged: the agencies' lanes settle its waiting
   *     packages at once
   */
  public Withdrawals(
      AuditLog log, ClearSigner signer, ReceiptBox box, Path kept, Runnable withdrawn) {
    this.log = log;
    this.signer = signer;
    this.box = box;
    this.kept = kept;
    this.withdrawn = withdrawn;
  }

  @Override
  public void take(String lab, String folder, byte[] yaml) throws IOException {
    var d = Sha256.newDigest();
    d.update(yaml);
    String sha = Sha256.hex(d);
    String submission;
    String reason;
    try {
      NodeReader in = new NodeReader();
      Optional<Node> root;
      try {
        root = NodeReader.compose(yaml, FILE_NAME, MAX_BYTES);
      } catch (YamlException e) {
        throw new IllegalArgumentException(String.join("; ", e.problems()));
      }
      if (root.isEmpty() || !(root.get() instanceof MappingNode top)) {
        throw new IllegalArgumentException(
            FILE_NAME + " must be a mapping: submission (or reference) and reason");
      }
      Map<String, Node> e = in.entries(top, KEYS, "");
      String id = e.get("submission") == null ? null : in.text(e.get("submission"), "submission");
      String ref = e.get("reference") == null ? null : in.text(e.get("reference"), "reference");
      reason = e.get("reason") == null ? null : in.text(e.get("reason"), "reason");
      if (!in.problems().isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", in.problems()));
      }
      if ((id == null) == (ref == null)) {
        throw new IllegalArgumentException(
            FILE_NAME + " must name the submission by exactly one of submission: or reference:");
      }
      if (reason == null || reason.isBlank()) {
        throw new IllegalArgumentException(FILE_NAME + " must give a reason:");
      }
      if (reason.length() > MAX_REASON) {
        throw new IllegalArgumentException("reason: must be at most " + MAX_REASON + " characters");
      }
      try {
        // it goes to the agencies in their notices: one line, nothing hidden in it
        org.prex.review.document.Notice.checkWhy(reason.strip());
      } catch (IllegalArgumentException hidden) {
        throw new IllegalArgumentException(
            "reason: must be one line without control or invisible characters");
      }
      submission = id != null ? ofLab(lab, id) : byReference(lab, ref);
    } catch (IllegalArgumentException e) {
      refuse(lab, folder, sha, e.getMessage());
      return;
    }
    if (log.reached(EventType.WITHDRAWN, submission, null, null)) {
      refuse(lab, folder, sha, "submission " + submission + " was withdrawn already");
      return;
    }
    OwnerOnly.createFolders(kept);
    OwnerOnly.writeString(kept.resolve(submission + ".reason"), reason.strip());
    log.appendOnce(
        EventDraft.of(EventType.WITHDRAWN)
            .lab(lab)
            .submission(submission)
            .sha256Plain(sha)
            .reason(
                "withdrawn by the lab: nothing more is delivered; destruction is asked of"
                    + " every agency that received any of it"));
    withdrawn.run();
  }

  private String ofLab(String lab, String id) {
    if (!Ids.isId(id) || !id.startsWith("s-")) {
      throw new IllegalArgumentException(
          "submission: '" + NodeReader.show(id) + "' is not a submission id");
    }
    boolean ours =
        log.list(new AuditQuery(lab, null, id, null, Set.of(EventType.RECEIVED), null)).stream()
            .findAny()
            .isPresent();
    if (!ours) {
      throw new IllegalArgumentException("no submission " + id + " of lab " + lab);
    }
    return id;
  }

  private String byReference(String lab, String reference) {
    String key = org.prex.submission.SubmissionManifest.referenceKey(lab, reference);
    List<AuditEvent> found =
        log
            .list(new AuditQuery(lab, null, null, null, Set.of(EventType.RELEASE_SCHEDULED), null))
            .stream()
            .filter(e -> e.item() == null && key.equals(e.sha256Plain()))
            .toList();
    if (found.isEmpty()) {
      throw new IllegalArgumentException(
          "no delivered submission of lab " + lab + " has that reference");
    }
    if (found.stream().map(AuditEvent::submission).distinct().count() > 1) {
      throw new IllegalArgumentException(
          "several submissions of lab " + lab + " have that reference: name one by submission:");
    }
    return found.get(0).submission();
  }

  private void refuse(String lab, String folder, String sha, String why) throws IOException {
    String name = "withdrawal-" + sha.substring(0, 16) + ".receipt.asc";
    String json =
        "{\n  \"format\": \"prex-receipt/1\",\n  \"kind\": \"withdrawal-refused\",\n"
            + "  \"sha256\": \""
            + sha
            + "\",\n  \"refused-because\": "
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(why)
            + "\n}\n";
    box.put(lab, name, signer.sign(json).getBytes(StandardCharsets.UTF_8));
    // the same withdrawal refused again (its folder could not be removed the first time) is
    // answered again, and logged once
    boolean logged =
        log.list(new AuditQuery(lab, null, null, null, Set.of(EventType.REJECTED), null)).stream()
            .anyMatch(e -> e.submission() == null && sha.equals(e.sha256Plain()));
    if (logged) {
      return;
    }
    log.append(
        EventDraft.of(EventType.REJECTED)
            .lab(lab)
            .sha256Plain(sha)
            .reason("withdrawal refused: " + why));
  }
}
