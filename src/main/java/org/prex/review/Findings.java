package org.prex.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.classify.Classifier;
import org.prex.config.AgencyPolicy;
import org.prex.config.Policy;
import org.prex.deliver.DeliveryTarget;
import org.prex.designator.Designator;
import org.prex.inspect.Inspector;
import org.prex.item.Hold;
import org.prex.item.Item;
import org.prex.item.Sha256;
import org.prex.pipeline.ClassifyStep;
import org.prex.quarantine.Quarantine;
import org.prex.receipt.Checkpointer;
import org.prex.receipt.ReceiptDocument;
import org.prex.route.RoutingRules;
import org.prex.seal.ClearSigner;
import org.prex.seal.PublicCert;
import org.prex.seal.Sealer;
import org.prex.staging.Staging;
import org.prex.submission.StagedSubmission;
import org.prex.submission.Submission;
import org.prex.submission.SubmissionHeld;
import org.prex.transfer.TransferSealer;
import org.prex.workflow.SubmissionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the findings in custody (docs/review-cycle.md), each as a submission coming the other
 * way: classified, inspected and designated (a spill holds them all, an item that cannot be
 * inspected completely is held: fail closed), then sealed, signed by the exchange, to the lab's
 * certificate into its drop-box {@code /findings/<submission>/<finding>/}, and to each {@code
 * share-with} agency the routing rules allow, at its delivery target. The agency that returned them
 * gets a receipt in its {@code /notices}. Every step is logged under the finding's id and is done
 * again only where it is not done yet, so a failure or a stop leaves the rest to the next tick.
 */
public final class Findings {
  private static final Logger LOG = LoggerFactory.getLogger(Findings.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the findings work with, as {@code serve} has it. */
  record Parts(
      AuditLog log,
      Staging staging,
      Supplier<Policy> policy,
      String policySha256,
      Inspection inspection,
      Sealer sealer,
      Quarantine quarantine,
      Map<String, PublicCert> agencyCerts,
      Function<String, Optional<PublicCert>> labCerts,
      Map<String, DeliveryTarget> targets,
      LabFindingsBox labBox,
      NoticeBox noticeBox,
      ClearSigner signer,
      Checkpointer checkpointer,
      Clock clock) {}

  /** The first wait after a failed attempt, doubled after each, up to {@link #MAX_BACK_OFF}. */
  static final java.time.Duration FIRST_BACK_OFF = java.time.Duration.ofSeconds(5);

  static final java.time.Duration MAX_BACK_OFF = java.time.Duration.ofMinutes(10);

  /** What classifies and inspects findings: {@code serve}'s own, under the policy in force. */
  public record Inspection(Classifier classifier, Supplier<Inspector> inspector) {}

  private final Parts p;
  private final Map<String, java.time.Instant> notBefore = new HashMap<>();
  private final Map<String, java.time.Duration> backOff = new HashMap<>();

  Findings(Parts parts) {
    this.p = parts;
  }

  /**
   * Every finding in custody, oldest first; one that fails holds up no other, and is tried again
   * after a wait that doubles (a share-with agency down for a day is not inspected again every
   * tick).
   */
  void handleAll() throws IOException {
    java.time.Instant now = p.clock().instant();
    for (StagedSubmission staged : p.staging().pending()) {
      String id = staged.submissionId();
      if (notBefore.containsKey(id) && now.isBefore(notBefore.get(id))) {
        continue;
      }
      try {
        handle(staged);
        notBefore.remove(id);
        backOff.remove(id);
      } catch (IOException | RuntimeException e) {
        java.time.Duration wait =
            backOff.merge(
                id,
                FIRST_BACK_OFF,
                (was, first) ->
                    was.multipliedBy(2).compareTo(MAX_BACK_OFF) > 0
                        ? MAX_BACK_OFF
                        : was.multipliedBy(2));
        notBefore.put(id, now.plus(wait));
        // the class only: a message may name the agency's files
        LOG.warn(
            "finding {} could not be handled yet, will retry in {} s ({})",
            id,
            wait.toSeconds(),
            e.getClass().getName());
      }
    }
  }

  private void handle(StagedSubmission staged) throws IOException {
    String finding = staged.submissionId();
    AuditEvent received = received(staged);
    String lab = staged.lab();
    if (p.agencyCerts().containsKey(lab)) {
      throw new IllegalStateException(
          "lab " + lab + " is also an agency's id: its findings are held until that is resolved");
    }
    Path dir = p.staging().submissionDir(finding);
    FindingsDecision decided = FindingsDecision.read(dir);
    if (decided == null) {
      decided = decide(staged);
      decided.write(dir);
    }
    Submission s = decided.apply(Submission.of(staged));
    Hold whole = decided.wholeHold();
    if (whole != null) {
      p.quarantine().holdAll(s, whole);
      answer(staged, received, s, Map.of(), List.of(), whole.reason());
      p.staging().release(staged);
      return;
    }
    p.quarantine().holdMarked(s);
    // who gets each file is worked out on every attempt, under the policy, key set and
    // submission state in force now: a reload or a withdrawal between attempts is obeyed
    List<String> refusals = new ArrayList<>();
    s = route(s, received.submission(), refusals);
    Map<String, String> transfers = Map.of();
    if (!s.deliverable().isEmpty()) {
      Map<String, PublicCert> certs = new HashMap<>(p.agencyCerts());
      // the lab's certificate is needed only while its package is still to be sealed or sent
      SubmissionState delivered = new SubmissionState(p.log());
      if (!s.deliverable().stream().allMatch(i -> delivered.delivered(i.id(), lab))) {
        Optional<PublicCert> labCert = p.labCerts().apply(lab);
        if (labCert.isEmpty()) {
          waitForCertificate(staged, received.agency());
          return;
        }
        certs.put(lab, labCert.get());
      }
      new TransferSealer(
              p.sealer(), certs, p.policy().get(), p.staging(), p.log(), p.checkpointer()::covering)
          .transferIds(r -> r.equals(lab) ? finding : org.prex.item.Ids.transfer())
          .seal(s);
      transfers = deliver(s, received);
    }
    answer(staged, received, s, transfers, refusals, null);
    p.staging().release(staged);
  }

  /**
   * Classifies, inspects and designates every file, and holds each the lab may not have (its
   * designation bars a private company): what is decided once and kept in {@code decided.json}. A
   * spill holds the whole finding.
   */
  private FindingsDecision decide(StagedSubmission staged) {
    Submission s = Submission.of(staged);
    s = new ClassifyStep(p.inspection().classifier(), p.staging(), p.log()).classify(s);
    try {
      s =
          new Designator(p.policy().get(), p.log(), p.staging(), p.inspection().inspector().get())
              .designate(s);
    } catch (SubmissionHeld held) {
      return FindingsDecision.of(s, held.hold());
    }
    String lab = staged.lab();
    return FindingsDecision.of(s.map(item -> item.isHeld() ? item : forLab(item, lab)), null);
  }

  /**
   * The lab is a company in the USA, not federal: FED ONLY, NOCON and DL ONLY bar it, and a file
   * the lab may not have is held, never passed on (its findings are for the lab first).
   */
  private static Item forLab(Item item, String lab) {
    AgencyPolicy asLab =
        new AgencyPolicy(
            lab,
            lab,
            "USA",
            false,
            Set.copyOf(item.designation().specifiedCategories()),
            null,
            "auto");
    RoutingRules.Decision d = RoutingRules.decide(asLab, item.designation(), Set.of(lab), Set.of());
    return d.delivered()
        ? item
        : item.hold(
            Hold.unroutable(
                item.designation().toString(), List.of("the lab " + lab + ": " + d.explained())));
  }

  /**
   * Each file not held goes to the lab, and to each {@code share-with} agency that still holds the
   * submission (delivered it, not withdrawn by the lab, not asked to destroy it) and that the
   * routing rules in force allow; an agency a file was already delivered to stays among its
   * recipients. Why an agency gets a file or not is added to {@code refusals}.
   */
  private Submission route(Submission s, String about, List<String> refusals) {
    Policy policy = p.policy().get();
    ReviewState state = ReviewState.of(p.log(), about);
    List<AuditEvent> own = p.log().list(new AuditQuery(s.lab(), null, s.id(), null));
    Set<String> shareWith = new java.util.TreeSet<>(s.staged().declared().recipients());
    return s.map(
        item -> {
          if (item.isHeld()) {
            return item;
          }
          List<String> to = new ArrayList<>(List.of(s.lab()));
          for (String agency : shareWith) {
            if (has(own, EventType.DELIVERED, item.id(), agency, null)) {
              to.add(agency); // delivered on an earlier attempt, whatever has changed since
              continue;
            }
            String why = whyNot(policy.agencies().get(agency), agency, item, state, shareWith);
            if (why != null) {
              refusals.add(item.id() + "\t" + agency + "\t" + why);
              continue;
            }
            to.add(agency);
            if (!has(own, EventType.ROUTED, item.id(), agency, p.policySha256())) {
              p.log()
                  .append(
                      EventDraft.of(EventType.ROUTED)
                          .lab(s.lab())
                          .submission(s.id())
                          .item(item.id())
                          .agency(agency)
                          .designation(item.designation().toString())
                          .policy(p.policySha256()));
            }
          }
          return item.withAgencies(to);
        });
  }

  /** Why a share-with agency does not get the file now, or null if it does. */
  private String whyNot(
      AgencyPolicy a, String agency, Item item, ReviewState about, Set<String> shareWith) {
    if (a == null) {
      return "is not an agency in the policy in force";
    }
    if (about.withdrawn() != null) {
      return "the lab withdrew submission "
          + about.submission()
          + ": findings about it are shared with no agency";
    }
    if (!about.holdings().containsKey(agency)) {
      return "was not delivered submission "
          + about.submission()
          + ": findings go only to agencies the lab shared the submission with";
    }
    if (about.destroyAsked(agency).isPresent()) {
      return "was asked to destroy submission "
          + about.submission()
          + " (notice "
          + about.destroyAsked(agency).get().id()
          + "): findings about it are not shared with it";
    }
    RoutingRules.Decision d = RoutingRules.decide(a, item.designation(), shareWith, Set.of());
    if (!d.delivered()) {
      return d.explained();
    }
    return p.agencyCerts().containsKey(agency) ? null : "no certificate in the key set";
  }

  private static boolean has(
      List<AuditEvent> events, EventType type, String item, String agency, String policy) {
    return events.stream()
        .anyMatch(
            e ->
                e.type() == type
                    && item.equals(e.item())
                    && agency.equals(e.agency())
                    && (policy == null || policy.equals(e.policy())));
  }

  /** Each recipient's package, written whole; returns recipient → transfer id. */
  private Map<String, String> deliver(Submission s, AuditEvent received) throws IOException {
    SubmissionState state = new SubmissionState(p.log());
    Map<String, String> transfers = new LinkedHashMap<>();
    for (Map.Entry<String, List<Item>> e : s.byAgency().entrySet()) {
      String to = e.getKey();
      List<Item> items = e.getValue();
      if (items.stream().allMatch(i -> state.delivered(i.id(), to))) {
        transfers.put(to, deliveredAs(s, to));
        continue;
      }
      Path pkg = TransferSealer.wholePackage(p.staging().sealed(s.id(), to));
      if (pkg == null) {
        throw new IllegalStateException("no sealed package of finding " + s.id() + " for " + to);
      }
      String transfer = pkg.getFileName().toString();
      if (to.equals(s.lab())) {
        p.labBox().put(s.lab(), received.submission(), pkg, transfer);
      } else {
        DeliveryTarget target = p.targets().get(to);
        if (target == null) {
          throw new IllegalStateException("agency " + to + " has no delivery target");
        }
        target.put(pkg, transfer);
      }
      for (Item item : items) {
        p.log()
            .appendOnce(
                EventDraft.of(EventType.DELIVERED)
                    .lab(s.lab())
                    .submission(s.id())
                    .item(item.id())
                    .agency(to)
                    .transfer(transfer)
                    .designation(item.designation().toString())
                    .sha256Plain(item.staged().sha256())
                    .reason(
                        to.equals(s.lab())
                            ? "findings written to the lab's drop box"
                            : "findings shared with agency " + to));
      }
      transfers.put(to, transfer);
    }
    return transfers;
  }

  private String deliveredAs(Submission s, String to) {
    return p.log().list(new AuditQuery(s.lab(), to, s.id(), null)).stream()
        .filter(e -> e.type() == EventType.DELIVERED && e.transfer() != null)
        .map(AuditEvent::transfer)
        .findFirst()
        .orElse(null);
  }

  /** The agency's receipt, in its {@code /notices}: once, then RECEIPT_SENT. */
  private void answer(
      StagedSubmission staged,
      AuditEvent received,
      Submission s,
      Map<String, String> transfers,
      List<String> refusals,
      String heldWhole)
      throws IOException {
    String finding = staged.submissionId();
    String agency = received.agency();
    List<AuditEvent> events = new ArrayList<>();
    events.add(received);
    events.addAll(p.log().list(new AuditQuery(staged.lab(), null, finding, null)));
    if (events.stream().anyMatch(e -> e.type() == EventType.RECEIPT_SENT)) {
      return;
    }
    p.checkpointer().covering(events.stream().mapToLong(AuditEvent::seq).max().orElse(0));
    List<AuditLog.InclusionProof> proofs =
        p.log().proveAll(events.stream().map(AuditEvent::seq).toList());
    String json = receipt(staged, received, s, transfers, refusals, heldWhole, events, proofs);
    byte[] signed = p.signer().sign(json).getBytes(StandardCharsets.UTF_8);
    String name = finding + ".receipt.asc";
    p.noticeBox().put(agency, name, signed);
    var sha = Sha256.newDigest();
    sha.update(signed);
    p.log()
        .appendOnce(
            EventDraft.of(EventType.RECEIPT_SENT)
                .lab(staged.lab())
                .submission(finding)
                .agency(agency)
                .sha256Plain(Sha256.hex(sha))
                .reason(
                    "findings receipt "
                        + name
                        + " written to the agency's notices folder"
                        + (heldWhole != null ? "; held, nothing passed on" : "")));
  }

  private String receipt(
      StagedSubmission staged,
      AuditEvent received,
      Submission s,
      Map<String, String> transfers,
      List<String> refusals,
      String heldWhole,
      List<AuditEvent> events,
      List<AuditLog.InclusionProof> proofs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", "prex-receipt/1");
    m.put("kind", "findings");
    m.put("finding", staged.submissionId());
    m.put("submission", received.submission());
    m.put("agency", received.agency());
    m.put("folder", staged.uploadedAs());
    m.put("received", staged.receivedAt());
    m.put("issued", p.clock().instant().toString());
    m.put("held", heldWhole == null ? null : "nothing was passed on: " + heldWhole);
    List<Map<String, Object>> items = new ArrayList<>();
    for (Item item : s.items()) {
      Map<String, Object> i = new LinkedHashMap<>();
      i.put("item", item.id());
      i.put("path", item.staged().path());
      i.put("size", item.staged().size());
      i.put("sha256", item.staged().sha256());
      i.put("listed", item.staged().listed());
      i.put("designation", item.designation() == null ? null : item.designation().toString());
      i.put("quarantined", item.isHeld() ? item.held().reason() : null);
      List<Map<String, Object>> to = new ArrayList<>();
      for (String r : item.agencies()) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put(r.equals(staged.lab()) ? "lab" : "agency", r);
        t.put("transfer", transfers.get(r));
        to.add(t);
      }
      i.put("delivered-to", to);
      List<Map<String, Object>> not = new ArrayList<>();
      for (String r : refusals) {
        String[] parts = r.split("\t", 3);
        if (parts[0].equals(item.id())) {
          not.add(Map.of("agency", parts[1], "why", parts[2]));
        }
      }
      i.put("not-shared-with", not);
      items.add(i);
    }
    m.put("items", items);
    m.put("checkpoint", proofs.isEmpty() ? null : proofs.get(0).checkpoint());
    m.put("events", ReceiptDocument.proofs(events, proofs));
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The finding's FINDINGS_RECEIVED event: who returned it, about which submission. */
  private AuditEvent received(StagedSubmission staged) {
    return p
        .log()
        .list(
            new AuditQuery(
                staged.lab(), null, null, null, Set.of(EventType.FINDINGS_RECEIVED), null))
        .stream()
        .filter(e -> staged.submissionId().equals(e.item()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "finding " + staged.submissionId() + " has no FINDINGS_RECEIVED in the log"));
  }

  /**
   * The lab has published no certificate: the findings wait, logged once (docs/review-cycle.md).
   */
  private void waitForCertificate(StagedSubmission staged, String agency) {
    String why =
        "waiting: lab "
            + staged.lab()
            + " has no usable certificate labs/"
            + staged.lab()
            + ".asc (none published, or expired, revoked or without an encryption key)";
    boolean logged =
        p.log().list(new AuditQuery(staged.lab(), null, staged.submissionId(), null)).stream()
            .anyMatch(e -> e.type() == EventType.DELIVERY_RETRY && why.equals(e.reason()));
    if (!logged) {
      p.log()
          .append(
              EventDraft.of(EventType.DELIVERY_RETRY)
                  .lab(staged.lab())
                  .submission(staged.submissionId())
                  .agency(agency)
                  .reason(why));
    }
  }
}
