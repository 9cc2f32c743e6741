package org.prex.receipt;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
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
public final class ReceiptDocument {
  static final String FORMAT = "prex-receipt/1";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * The receipt's layout: Jackson's indented one, except that the elements of its top-level arrays
   * ({@code problems}, {@code items}, {@code events}) are each on a line of their own. Problems
   * quote a lab's paths, and fifty on one line could exceed the 20,000 characters GnuPG reads of a
   * line of a signed message. Deeper arrays (proofs, deliveries) stay on one line.
   */
  private static final com.fasterxml.jackson.databind.ObjectWriter RECEIPT =
      JSON.writer(
              new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()
                  .withArrayIndenter(new TopArraysOnLines()))
          .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private static final class TopArraysOnLines
      implements com.fasterxml.jackson.core.util.DefaultPrettyPrinter.Indenter {
    private static final com.fasterxml.jackson.core.util.DefaultIndenter LINES =
        new com.fasterxml.jackson.core.util.DefaultIndenter("  ", "\n");

    @Override
    public void writeIndentation(JsonGenerator g, int level) throws IOException {
      if (level <= 2) {
        LINES.writeIndentation(g, level);
      } else {
        g.writeRaw(' ');
      }
    }

    @Override
    public boolean isInline() {
      return false;
    }
  }

  private static final HexFormat HEX = HexFormat.of();

  private ReceiptDocument() {}

  /** How many events are proved at a time: each part under the same checkpoint. */
  static final int PROVED_AT_A_TIME = 4096;

  /** Proves events under a checkpoint: the newest for tree size 0 ({@link AuditLog#proveAll}). */
  interface Prover {
    AuditLog.Proved prove(List<Long> seqs, long treeSize);
  }

  /**
   * Writes a full receipt's JSON to {@code out} as it is made (a folder of thousands of files makes
   * one of hundreds of MB), proving its events a part at a time, and returns the outcome it tells
   * the lab.
   *
   * @param events the submission's events, gathered, every one under the newest checkpoint
   * @param policyInForce the policy's SHA-256 to name when no item was routed
   */
  static String write(
      OutputStream out,
      StagedSubmission submission,
      Events events,
      Prover prover,
      String issuedAt,
      String policyInForce)
      throws IOException {
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
      if (events.releaseWindow != null) {
        // flagged, not refused: the policy's release-window says warn (docs/review-cycle.md)
        m.put("release-window", events.releaseWindow);
      }
    }
    m.put("received-at", submission.receivedAt());
    m.put("issued-at", issuedAt);
    m.put("policy-sha256", events.routedUnder != null ? events.routedUnder : policyInForce);
    List<Map<String, Object>> items = new ArrayList<>();
    for (StagedItem s : submission.items()) {
      items.add(item(s, events.byItem.getOrDefault(s.itemId(), NO_FACTS)));
    }
    String outcome = outcome(events.rejection, items);
    m.put("outcome", outcome);
    if (events.rejection != null) {
      m.put("rejected-because", events.rejection);
    }
    if (!submission.problems().isEmpty()) {
      m.put("problems", submission.problems()); // also when a spill held it before its refusal
    }
    m.put("items", items);
    Entries entries = new Entries(events, prover);
    m.put("checkpoint", entries.checkpoint());
    m.put("events", entries);
    // Jackson writes to the stream as it goes; the caller's stream is left open
    try {
      RECEIPT.writeValue(out, m);
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      // a proof that failed as the events were written: its own failure, not Jackson's wrapping
      if (e.getCause() instanceof RuntimeException failed) {
        throw failed;
      }
      throw e;
    }
    return outcome;
  }

  /**
   * A submission's events as its receipt needs them, gathered in log order a page at a time: what
   * each item's and the submission's events say, and of each event only its number, type, item and
   * agency. The events themselves are not kept: a folder of thousands of files has tens of
   * thousands.
   */
  static final class Events {
    private final Map<String, ItemFacts> byItem = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();
    private long[] seqs = new long[256];
    private EventType[] types = new EventType[256];
    private String[] items = new String[256];
    private String[] agencies = new String[256];
    private int size;
    private String releaseWindow;
    private String routedUnder;
    private String rejection;
    private boolean answered;

    /** Adds the next event of the submission, in log order. */
    void add(AuditEvent e) {
      if (size > 0 && e.seq() <= seqs[size - 1]) {
        throw new IllegalArgumentException("events out of log order at event " + e.seq());
      }
      if (size == seqs.length) {
        int grown = size * 2;
        seqs = java.util.Arrays.copyOf(seqs, grown);
        types = java.util.Arrays.copyOf(types, grown);
        items = java.util.Arrays.copyOf(items, grown);
        agencies = java.util.Arrays.copyOf(agencies, grown);
      }
      seqs[size] = e.seq();
      types[size] = e.type();
      items[size] = name(e.item());
      agencies[size] = name(e.agency());
      size++;
      switch (e.type()) {
        case RECEIPT_SENT -> answered = true;
        case RELEASE_SCHEDULED -> {
          String r = e.reason();
          if (e.item() == null && r != null && r.contains("outside the release window")) {
            releaseWindow = r.substring(r.indexOf("outside"));
          }
        }
        case ROUTED -> {
          if (e.policy() != null) {
            routedUnder = e.policy();
          }
        }
        case REJECTED -> {
          if (rejection == null) {
            rejection = reasonOf(e);
          }
        }
        default -> {}
      }
      if (e.item() != null) {
        byItem.computeIfAbsent(items[size - 1], k -> new ItemFacts()).add(e);
      }
    }

    /** One String per item and agency name, however many events name it. */
    private String name(String n) {
      return n == null ? null : names.computeIfAbsent(n, k -> k);
    }

    /** Whether the submission's receipt was logged sent. */
    boolean answered() {
      return answered;
    }

    /** The newest event's number, 0 when there is none. */
    long lastSeq() {
      return size == 0 ? 0 : seqs[size - 1];
    }
  }

  /** What one item's events say, as its receipt entry tells it: the last word of each kind. */
  private static final class ItemFacts {
    String type;
    String designation;
    String why;
    String quarantined;
    String rejected;
    String routedUnder;
    final List<Map<String, String>> agencies = new ArrayList<>();

    void add(AuditEvent e) {
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
        case QUARANTINED -> quarantined = reasonOf(e);
        case REJECTED -> rejected = reasonOf(e);
        default -> {}
      }
    }
  }

  private static final ItemFacts NO_FACTS = new ItemFacts();

  /**
   * An event's reason; for a rejection or quarantine logged without one, a word saying so: the
   * outcome is told whether or not the reason was.
   */
  private static String reasonOf(AuditEvent e) {
    return e.reason() != null ? e.reason() : "(no reason was logged)";
  }

  /**
   * The receipt's {@code events}, proved {@link #PROVED_AT_A_TIME} at a time as they are written,
   * every part under the checkpoint the first was proved under.
   */
  private static final class Entries extends java.util.AbstractList<Map<String, Object>> {
    private final Events events;
    private final Prover prover;
    private long treeSize;
    private int part = -1;
    private List<AuditLog.InclusionProof> proofs;

    Entries(Events events, Prover prover) {
      this.events = events;
      this.prover = prover;
    }

    /** The signed checkpoint every event is proved under; null when there is no event. */
    String checkpoint() {
      return events.size == 0 ? null : proof(0).checkpoint();
    }

    private AuditLog.InclusionProof proof(int k) {
      int wanted = k / PROVED_AT_A_TIME;
      if (wanted != part) {
        int from = wanted * PROVED_AT_A_TIME;
        int to = Math.min(events.size, from + PROVED_AT_A_TIME);
        List<Long> seqs = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
          seqs.add(events.seqs[i]);
        }
        AuditLog.Proved proved = prover.prove(seqs, treeSize);
        treeSize = proved.treeSize();
        proofs = proved.proofs();
        part = wanted;
      }
      AuditLog.InclusionProof p = proofs.get(k - part * PROVED_AT_A_TIME);
      if (p.seq() != events.seqs[k]) {
        throw new IllegalStateException("proof of event " + p.seq() + " for " + events.seqs[k]);
      }
      return p;
    }

    @Override
    public Map<String, Object> get(int k) {
      AuditLog.InclusionProof p = proof(k);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("event", events.seqs[k]);
      entry.put("type", events.types[k].name());
      entry.put("item", events.items[k]);
      entry.put("agency", events.agencies[k]);
      entry.put("leaf-hash", HEX.formatHex(p.leafHash()));
      entry.put("inclusion-proof", p.proof().stream().map(HEX::formatHex).toList());
      return entry;
    }

    @Override
    public int size() {
      return events.size;
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

  /** The receipt's entry for one item, from what that item's events say. */
  private static Map<String, Object> item(StagedItem s, ItemFacts f) {
    Map<String, Object> i = new LinkedHashMap<>();
    i.put("item", s.itemId());
    i.put("path", s.path());
    i.put("size", s.size());
    i.put("sha256", s.sha256());
    if (s.line() > 0) {
      i.put("manifest-line", s.line());
    }
    i.put("listed", s.listed());
    i.put("classified", f.type);
    i.put("designation", f.designation);
    i.put("why", f.why);
    if (f.why != null) {
      i.put("content-stronger-than-declared", f.why.contains("stronger than declared"));
    }
    i.put("delivered-to", f.agencies);
    if (f.routedUnder != null) {
      i.put("routed-under-policy", f.routedUnder);
    }
    if (f.rejected != null) {
      i.put("outcome", "rejected");
      i.put("reason", f.rejected);
      if (f.quarantined != null) {
        // rejected, then given up unanswered: its plaintext went to the security officer
        i.put("quarantined-because", f.quarantined);
      }
    } else if (f.quarantined != null) {
      i.put("outcome", "quarantined");
      i.put("reason", f.quarantined);
    } else {
      i.put("outcome", f.agencies.isEmpty() ? "not delivered" : "delivered");
    }
    return i;
  }
}
