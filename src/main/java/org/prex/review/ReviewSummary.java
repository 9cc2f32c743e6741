package org.prex.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.prex.audit.AuditEvent;
import org.prex.audit.EventType;

/**
 * The review of a submission in a few lines, for {@code audit show} (docs/review-cycle.md): per
 * agency that holds it, whether and when it acknowledged, which notices it was sent, and whether it
 * confirmed destruction; and the findings agencies returned.
 */
public final class ReviewSummary {
  private ReviewSummary() {}

  /** Lines for the submission, from its events; none when nothing was delivered or scheduled. */
  public static List<String> lines(String submission, List<AuditEvent> events) {
    return lines(submission, events, finding -> List.of());
  }

  /**
   * As above, each finding returned followed by what became of it, from {@code findingEvents} (a
   * finding id → the events logged under it).
   */
  public static List<String> lines(
      String submission,
      List<AuditEvent> events,
      java.util.function.Function<String, List<AuditEvent>> findingEvents) {
    if (submission.startsWith("f-")) {
      return List.of(); // a finding is not reviewed: its chain of custody says it all
    }
    ReviewState s = ReviewState.of(submission, events);
    List<String> out = new ArrayList<>();
    if (s.releaseDate() != null) {
      out.add(
          "release date "
              + s.releaseDate()
              + (s.outsideWindow() ? " (outside the release window)" : "")
              + (s.withdrawn() == null ? "" : "; withdrawn by the lab at " + s.withdrawn()));
    } else if (s.withdrawn() != null) {
      out.add("withdrawn by the lab at " + s.withdrawn());
    }
    for (Map.Entry<String, ReviewState.Holding> h : s.holdings().entrySet()) {
      String agency = h.getKey();
      StringBuilder line =
          new StringBuilder("review ")
              .append(agency)
              .append(" (transfer ")
              .append(h.getValue().transfer())
              .append("): ");
      line.append(
          s.acknowledged().containsKey(agency)
              ? "acknowledged at " + s.acknowledged().get(agency)
              : "not acknowledged");
      for (ReviewState.SentNotice n : s.notices().values()) {
        if (!n.agency().equals(agency) || n.type().equals("other")) {
          continue;
        }
        line.append("; ").append(n.type()).append(" notice ").append(n.id()).append(" sent ");
        line.append(n.at());
        if (n.type().equals("withdrawal") || n.type().equals("retention-ended")) {
          line.append(
              s.destroyed().containsKey(n.id())
                  ? ", destruction confirmed at " + s.destroyed().get(n.id())
                  : ", destruction NOT confirmed");
        }
      }
      out.add(line.toString());
    }
    for (AuditEvent e : events) {
      if (e.type() == EventType.FINDINGS_RECEIVED) {
        List<AuditEvent> own = findingEvents.apply(e.item());
        if (!own.isEmpty() && own.stream().noneMatch(f -> f.type() == EventType.STAGED)) {
          continue; // its commit failed: no finding was taken (the folder was taken again later)
        }
        out.add(
            "findings "
                + e.item()
                + " from "
                + e.agency()
                + " received at "
                + e.time()
                + outcome(e.lab(), own)
                + " (audit show "
                + e.item()
                + ": their own chain of custody)");
      }
    }
    for (String item : s.decontrolled()) {
      out.add("decontrolled on release: " + item + " (PUBLIC)");
    }
    return out;
  }

  /** What became of a finding, from its events: "" when they are not at hand. */
  private static String outcome(String lab, List<AuditEvent> events) {
    if (events.isEmpty()) {
      return "";
    }
    java.util.TreeSet<String> to = new java.util.TreeSet<>();
    AuditEvent answered = null;
    long held = 0;
    boolean waiting = false;
    for (AuditEvent e : events) {
      switch (e.type()) {
        case DELIVERED -> to.add(lab.equals(e.agency()) ? "the lab" : e.agency());
        case QUARANTINED -> held++;
        case RECEIPT_SENT -> answered = e;
        case DELIVERY_RETRY -> waiting = true;
        default -> {}
      }
    }
    StringBuilder out = new StringBuilder();
    if (!to.isEmpty()) {
      out.append("; delivered to ").append(String.join(", ", to));
    }
    if (held > 0) {
      out.append("; ").append(held).append(" file(s) quarantined");
    }
    if (answered != null) {
      out.append("; receipt sent at ").append(answered.time());
    } else {
      out.append(waiting ? "; waiting for the lab's certificate" : "; being handled");
    }
    return out.toString();
  }
}
