package org.prex.designate;

import java.nio.file.Path;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.classify.ItemKind;
import org.prex.config.Policy;
import org.prex.item.Item;
import org.prex.item.ItemQuarantined;
import org.prex.markings.MarkingScanner;
import org.prex.markings.Markings;
import org.prex.markings.TextExtractor;
import org.prex.staging.Staging;

/**
 * Decides an item's effective designation (SPEC §6): the join of what was declared (for a loose
 * file, the policy default), every marking found in its text, and the policy floor for its kind. It
 * never goes down. A classified marking (a spill), a CUI-like marking that does not parse, or text
 * that cannot be read within bounds sends the item to quarantine: fail closed.
 */
public final class Designator {
  /** The policy's floor key for model artifacts. */
  static final String WEIGHTS_FLOOR = "model-weights";

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

  public Item designate(Item item) {
    Designation declared = policy.defaultDesignation();
    Designation effective = declared;
    StringBuilder why = new StringBuilder("declared ").append(declared).append(" (policy default)");
    ItemKind kind = item.classification().kind();
    if (kind == ItemKind.MODEL_WEIGHTS && policy.floors().containsKey(WEIGHTS_FLOOR)) {
      effective = effective.join(policy.floors().get(WEIGHTS_FLOOR));
      why.append("; floor for model weights ").append(policy.floors().get(WEIGHTS_FLOOR));
    }
    if (hasText(kind)) {
      Markings found = markings(staging.content(item.id()));
      if (!found.classified().isEmpty()) {
        throw new ItemQuarantined(
            "spill: classified marking " + found.classified().get(0) + " in its content");
      }
      if (!found.unparsable().isEmpty()) {
        throw new ItemQuarantined(
            "a marking in its content does not parse: " + found.unparsable().get(0));
      }
      Designation inContent = found.joined();
      if (!inContent.isPublic()) {
        why.append("; content marked ").append(inContent);
        if (!declared.dominates(inContent)) {
          why.append(", stronger than declared");
        }
      }
      effective = effective.join(inContent);
    }
    log.append(
        EventDraft.of(EventType.DESIGNATED)
            .lab(item.staged().lab())
            .submission(item.staged().submissionId())
            .item(item.id())
            .designation(effective.toString())
            .reason(why.toString()));
    return item.withDesignation(effective);
  }

  private Markings markings(Path content) {
    try {
      return scanner.scan(extractor.extract(content));
    } catch (TextExtractor.ExtractionException e) {
      throw new ItemQuarantined("its markings cannot be read: " + e.getMessage());
    }
  }

  private static boolean hasText(ItemKind kind) {
    return kind == ItemKind.DOCUMENT || kind == ItemKind.CODE || kind == ItemKind.DATA;
  }
}
