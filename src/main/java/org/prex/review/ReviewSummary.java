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
        out.add(
            "findings "
                + e.item()
                + " from "
                + e.agency()
                + " received at "
                + e.time()
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
}
