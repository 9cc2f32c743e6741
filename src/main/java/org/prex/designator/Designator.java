package org.prex.designator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.classify.ItemKind;
import org.prex.config.Policy;
import org.prex.config.Policy.ImageRule;
import org.prex.designate.Designation;
import org.prex.inspect.Inspector;
import org.prex.inspect.Verdict;
import org.prex.item.Hold;
import org.prex.item.Item;
import org.prex.staging.Staging;
import org.prex.submission.Submission;
import org.prex.submission.SubmissionHeld;

/**
 * Decides an item's effective designation (docs/policy.md, docs/inspection.md): the join of what
 * was declared (for a loose file, the policy default), every marking found in its text, and the
 * policy floor for its kind. It never goes down. Every item is inspected completely, out of
 * process, whatever its kind (docs/inspection.md); a classified marking (a spill), a CUI-like
 * marking that does not parse, an item that could not be inspected completely, or an image whose
 * text could not be read (unless the policy says {@code images: deliver}) sends the item to
 * quarantine: fail closed.
 */
public record Designator(Policy policy, AuditLog log, Staging staging, Inspector inspector) {

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
              if (out.isHeld() && out.held().isSpill()) {
                spills.add("item " + item.id() + ": " + out.held());
              }
              return out;
            });
    if (!spills.isEmpty()) {
      throw new SubmissionHeld(new Hold(Hold.Kind.SPILL, String.join("; ", spills)));
    }
    return designated;
  }

  /**
   * An item's designation before its content is read: as declared (a loose file: the policy's
   * default), raised to the policy's floor for its kind. Inspection can only raise it.
   */
  public Designation beforeInspection(Item item) {
    Designation declared = item.staged().declaredDesignation().orElse(policy.defaultDesignation());
    Designation floor = policy.floorFor(item.classification().kind());
    return floor == null ? declared : declared.join(floor);
  }

  private Item designate(Item item) {
    Optional<Designation> declaredByLab = item.staged().declaredDesignation();
    Designation declared = declaredByLab.orElse(policy.defaultDesignation());
    Designation effective = declared;
    StringBuilder why =
        new StringBuilder("declared ")
            .append(declared)
            .append(declaredByLab.isEmpty() ? " (policy default)" : " (submission.yaml)");
    ItemKind kind = item.classification().kind();
    Designation floor = policy.floorFor(kind);
    if (floor != null) {
      String kindName = Policy.floorKey(kind).replace('-', ' ');
      if (!effective.dominates(floor)) {
        why.append("; raised to the floor for ").append(kindName).append(' ').append(floor);
      } else {
        why.append("; floor for ").append(kindName).append(' ').append(floor);
      }
    }
    effective = beforeInspection(item);
    Verdict found =
        inspector.inspect(staging.content(item.id()), item.staged().path(), item.staged().lab());
    Hold held = held(found);
    Designation inContent = Designation.PUBLIC;
    for (String marking : found.cui()) {
      inContent = inContent.join(Designation.parse(marking));
    }
    if (!found.cui().isEmpty()) {
      why.append("; content marked ").append(inContent);
      if (!declared.dominates(inContent)) {
        why.append(", stronger than declared");
      }
    }
    effective = effective.join(inContent);
    found.notes().stream().limit(5).forEach(note -> why.append("; ").append(note));
    if (found.notes().size() > 5) {
      why.append("; and ").append(found.notes().size() - 5).append(" more notes");
    }
    if (held == null && !found.unreadImages().isEmpty()) {
      why.append("; delivered by the policy (images: deliver) although the text of ")
          .append(found.unreadImages().size())
          .append(" image(s) could not be read");
    }
    if (held == null && !item.staged().listed()) {
      held = Hold.unlisted();
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

  /** Why the verdict holds the item, or null: a spill first, then anything not read. */
  private Hold held(Verdict v) {
    if (!v.classified().isEmpty()) {
      return Hold.spill(v.classified().get(0));
    }
    if (!v.complete()) {
      return Hold.notInspected(v.incomplete());
    }
    if (!v.unparsable().isEmpty()) {
      return Hold.unparsableMarking(v.unparsable().get(0));
    }
    if (!v.unreadImages().isEmpty() && policy.images() == ImageRule.HOLD) {
      return Hold.unreadImage(org.prex.markings.Found.shortPart(v.unreadImages().get(0)));
    }
    return null;
  }
}
