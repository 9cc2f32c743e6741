package org.prex.designate;

import java.util.ArrayList;
import java.util.List;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.classify.ItemKind;
import org.prex.config.Policy;
import org.prex.item.Item;
import org.prex.markings.MarkingScanner;
import org.prex.markings.Markings;
import org.prex.markings.TextExtractor;
import org.prex.staging.Staging;
import org.prex.submission.Submission;
import org.prex.submission.SubmissionHeld;

/**
 * Decides an item's effective designation (SPEC §6): the join of what was declared (for a loose
 * file, the policy default), every marking found in its text, and the policy floor for its kind. It
 * never goes down. A classified marking (a spill), a CUI-like marking that does not parse, or text
 * that cannot be read within bounds sends the item to quarantine: fail closed.
 */
public final class Designator {
  private static final String SPILL = "spill: ";

  private final Policy policy;
  private final AuditLog log;
  private final Staging staging;
  private final TextExtractor extractor;
  private final MarkingScanner scanner;

  public Designator(Policy policy, AuditLog log, Staging staging, TextExtractor extractor) {
    this.policy = policy;
    this.log = log;
    this.staging = staging;
    this.extractor = extractor;
    this.scanner = new MarkingScanner(policy.legacyMarkings());
  }

  /**
   * Designates every item; a spill in any of them holds the whole submission.
   *
   * @throws SubmissionHeld if any item carries a classified marking
   */
  public Submission designate(Submission submission) {
    List<String> spills = new ArrayList<>();
    Submission designated =
        submission.map(
            item -> {
              Item out = designate(item);
              if (out.isHeld() && out.held().startsWith(SPILL)) {
                spills.add("item " + item.id() + ": " + out.held());
              }
              return out;
            });
    if (!spills.isEmpty()) {
      throw new SubmissionHeld(String.join("; ", spills));
    }
    return designated;
  }

  private Item designate(Item item) {
    String declaredText = item.staged().declared();
    Designation declared =
        declaredText == null ? policy.defaultDesignation() : Designation.parse(declaredText);
    Designation effective = declared;
    StringBuilder why =
        new StringBuilder("declared ")
            .append(declared)
            .append(declaredText == null ? " (policy default)" : " (submission.yaml)");
    ItemKind kind = item.classification().kind();
    Designation floor = policy.floorFor(kind);
    if (floor != null) {
      String kindName = Policy.floorKey(kind).replace('-', ' ');
      if (!effective.dominates(floor)) {
        why.append("; raised to the floor for ").append(kindName).append(' ').append(floor);
      } else {
        why.append("; floor for ").append(kindName).append(' ').append(floor);
      }
      effective = effective.join(floor);
    }
    String held = null;
    if (hasText(kind)) {
      Markings found;
      try {
        found = scanner.scan(extractor.extract(staging.content(item.id())));
      } catch (TextExtractor.ExtractionException e) {
        found = null;
        held = "its markings cannot be read: " + e.getMessage();
      }
      if (found != null && !found.classified().isEmpty()) {
        held = SPILL + "classified marking " + found.classified().get(0) + " in its content";
      } else if (found != null && !found.unparsable().isEmpty()) {
        held = "a marking in its content does not parse: " + found.unparsable().get(0);
      } else if (found != null) {
        Designation inContent = found.joined();
        if (!found.cui().isEmpty()) {
          why.append("; content marked ").append(inContent);
          if (!declared.dominates(inContent)) {
            why.append(", stronger than declared");
          }
        }
        effective = effective.join(inContent);
      }
    }
    if (held == null && !item.staged().listed()) {
      held = "present in the submission folder but not listed in submission.yaml";
    }
    EventDraft event =
        EventDraft.of(EventType.DESIGNATED)
            .lab(item.staged().lab())
            .submission(item.staged().submissionId())
            .item(item.id())
            .designation(effective.toString())
            .reason(held == null ? why.toString() : why + "; held: " + held);
    log.append(event);
    Item designated = item.withDesignation(effective);
    return held == null ? designated : designated.hold(held);
  }

  private static boolean hasText(ItemKind kind) {
    return kind == ItemKind.DOCUMENT
        || kind == ItemKind.CODE
        || kind == ItemKind.DATA
        || kind == ItemKind.ARCHIVE; // its entries are read too, within the same bounds
  }
}
