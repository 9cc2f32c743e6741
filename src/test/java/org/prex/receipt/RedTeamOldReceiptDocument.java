package org.prex.receipt;

// The receipt JSON as prex made it before 37a5bd3 (git show
// 37a5bd3^:src/main/java/org/prex/receipt/
// ReceiptDocument.java), kept verbatim but for its name: the red-team tests compare the new one
// with it.

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.EventType;
import org.prex.item.StagedItem;
import org.prex.submission.Declared;
import org.prex.submission.StagedSubmission;

/**
 * The JSON of a lab receipt, format {@code prex-receipt/1} (docs/formats.md): what was received,
 * each item's effective designation and why, which agencies got it (transfer ids), what was
 * quarantined or rejected and why, and the signed log checkpoint with inclusion proofs of the
 * submission's events. Built from the log, which is the record of what happened, and from what was
 * staged.
 */
final class RedTeamOldReceiptDocument {
  static final String FORMAT = "prex-receipt/1";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final HexFormat HEX = HexFormat.of();

  private RedTeamOldReceiptDocument() {}

  /**
   * @param events the submission's events, oldest first, every one under the proofs' checkpoint
   * @param proofs the inclusion proof of each of those events, in the same order
   * @param policyInForce the policy's SHA-256 to name when no item was routed
   */
  /** A full receipt's JSON, and the outcome it tells the lab. */
  record Document(byte[] json, String outcome) {}

  static Document json(
      StagedSubmission submission,
      List<AuditEvent> events,
      List<AuditLog.InclusionProof> proofs,
      String issuedAt,
      String policyInForce) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("submission", submission.submissionId());
    m.put("lab", submission.lab());
    m.put("uploaded-as", submission.uploadedAs());
    Declared declared = submission.declared();
    if (declared != null) {
      m.put("reference", declared.reference());
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("name", declared.modelName());
      model.put("version", declared.modelVersion());
      m.put("model", model);
      m.put("release-date", declared.releaseDate());
      m.put("manifest-sha256", declared.manifestSha256());
      for (AuditEvent e : events) {
        if (e.type() == EventType.RELEASE_SCHEDULED
            && e.item() == null
            && e.reason() != null
            && e.reason().contains("outside the release window")) {
          // flagged, not refused: the policy's release-window says warn (docs/review-cycle.md)
          m.put("release-window", e.reason().substring(e.reason().indexOf("outside")));
        }
      }
    }
    m.put("received-at", submission.receivedAt());
    m.put("issued-at", issuedAt);
    String routedUnder = null;
    for (AuditEvent e : events) {
      if (e.type() == EventType.ROUTED && e.policy() != null) {
        routedUnder = e.policy();
      }
    }
    m.put("policy-sha256", routedUnder != null ? routedUnder : policyInForce);
    String rejection = firstReason(events, EventType.REJECTED);
    // each item's events, in log order: one pass over the submission's events, not one per item
    Map<String, List<AuditEvent>> byItem = new java.util.HashMap<>();
    for (AuditEvent e : events) {
      if (e.item() != null) {
        byItem.computeIfAbsent(e.item(), k -> new ArrayList<>()).add(e);
      }
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (StagedItem s : submission.items()) {
      items.add(item(s, byItem.getOrDefault(s.itemId(), List.of())));
    }
    String outcome = outcome(rejection, items);
    m.put("outcome", outcome);
    if (rejection != null) {
      m.put("rejected-because", rejection);
    }
    if (!submission.problems().isEmpty()) {
      m.put("problems", submission.problems()); // also when a spill held it before its refusal
    }
    m.put("items", items);
    m.put("checkpoint", proofs.isEmpty() ? null : proofs.get(0).checkpoint());
    m.put("events", proofs(events, proofs));
    try {
      return new Document(JSON.writeValueAsBytes(m), outcome);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The receipt's {@code events}: each event's number, type, item and agency, its leaf hash and its
   * inclusion proof under the receipt's checkpoint.
   */
  public static List<Map<String, Object>> proofs(
      List<AuditEvent> events, List<AuditLog.InclusionProof> proofs) {
    // each entry is made when it is written: a folder of thousands of files has tens of thousands
    // of events, whose entries in hex would otherwise all be held at once
    return new java.util.AbstractList<>() {
      @Override
      public Map<String, Object> get(int k) {
        AuditEvent e = events.get(k);
        AuditLog.InclusionProof p = proofs.get(k);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("event", e.seq());
        entry.put("type", e.type().name());
        entry.put("item", e.item());
        entry.put("agency", e.agency());
        entry.put("leaf-hash", HEX.formatHex(p.leafHash()));
        entry.put("inclusion-proof", p.proof().stream().map(HEX::formatHex).toList());
        return entry;
      }

      @Override
      public int size() {
        return events.size();
      }
    };
  }

  /**
   * A receipt with what is known without the log's proofs, for a submission given up after failed
   * attempts whose full receipt could not be made: what was received, that it was given up and why,
   * and a checkpoint if one could be made. {@code "minimal": true} says the rest is missing.
   */
  static byte[] minimal(
      StagedSubmission submission,
      String outcome,
      String reason,
      String issuedAt,
      String checkpoint) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("minimal", true);
    m.put("submission", submission.submissionId());
    m.put("lab", submission.lab());
    m.put("uploaded-as", submission.uploadedAs());
    if (submission.declared() != null) {
      m.put("reference", submission.declared().reference());
    }
    m.put("received-at", submission.receivedAt());
    m.put("issued-at", issuedAt);
    m.put("outcome", outcome);
    m.put("reason", reason);
    List<Map<String, Object>> items = new ArrayList<>();
    for (StagedItem s : submission.items()) {
      Map<String, Object> i = new LinkedHashMap<>();
      i.put("item", s.itemId());
      i.put("path", s.path());
      i.put("size", s.size());
      i.put("sha256", s.sha256());
      items.add(i);
    }
    m.put("items", items);
    m.put("checkpoint", checkpoint);
    try {
      return JSON.writeValueAsBytes(m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String outcome(String rejection, List<Map<String, Object>> items) {
    if (rejection != null) {
      return "rejected";
    }
    long delivered = items.stream().filter(i -> "delivered".equals(i.get("outcome"))).count();
    long quarantined = items.stream().filter(i -> "quarantined".equals(i.get("outcome"))).count();
    if (delivered == items.size()) {
      return "delivered";
    }
    if (quarantined == items.size()) {
      return "quarantined";
    }
    return "partly quarantined";
  }

  /** The receipt's entry for one item, from that item's events. */
  private static Map<String, Object> item(StagedItem s, List<AuditEvent> events) {
    Map<String, Object> i = new LinkedHashMap<>();
    i.put("item", s.itemId());
    i.put("path", s.path());
    i.put("size", s.size());
    i.put("sha256", s.sha256());
    if (s.line() > 0) {
      i.put("manifest-line", s.line());
    }
    i.put("listed", s.listed());
    String type = null;
    String designation = null;
    String why = null;
    List<Map<String, String>> agencies = new ArrayList<>();
    String quarantined = null;
    String rejected = null;
    String routedUnder = null;
    for (AuditEvent e : events) {
      if (!s.itemId().equals(e.item())) {
        continue;
      }
      switch (e.type()) {
        case CLASSIFIED -> type = e.reason();
        case ROUTED -> routedUnder = e.policy();
        case DESIGNATED -> {
          designation = e.designation();
          why = e.reason();
        }
        case DELIVERED -> {
          Map<String, String> a = new LinkedHashMap<>();
          a.put("agency", e.agency());
          a.put("transfer", e.transfer());
          agencies.add(a);
        }
        case QUARANTINED -> quarantined = e.reason();
        case REJECTED -> rejected = e.reason();
        default -> {}
      }
    }
    i.put("classified", type);
    i.put("designation", designation);
    i.put("why", why);
    if (why != null) {
      i.put("content-stronger-than-declared", why.contains("stronger than declared"));
    }
    i.put("delivered-to", agencies);
    if (routedUnder != null) {
      i.put("routed-under-policy", routedUnder);
    }
    if (rejected != null) {
      i.put("outcome", "rejected");
      i.put("reason", rejected);
      if (quarantined != null) {
        // rejected, then given up unanswered: its plaintext went to the security officer
        i.put("quarantined-because", quarantined);
      }
    } else if (quarantined != null) {
      i.put("outcome", "quarantined");
      i.put("reason", quarantined);
    } else {
      i.put("outcome", agencies.isEmpty() ? "not delivered" : "delivered");
    }
    return i;
  }

  private static String firstReason(List<AuditEvent> events, EventType type) {
    return events.stream()
        .filter(e -> e.type() == type)
        .map(AuditEvent::reason)
        .findFirst()
        .orElse(null);
  }
}
