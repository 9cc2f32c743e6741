package org.prex.review;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;

/**
 * What is still outstanding in the review of each submission (docs/review-cycle.md), from the log
 * alone: every agency that was delivered a package and has not acknowledged it, and every agency
 * asked to destroy that has not confirmed it, each with when it was due and whether that is past;
 * and every agency's findings not yet carried to the lab.
 */
public final class Pending {
  private static final Pattern DESTROY_BY =
      Pattern.compile("[a-z-]+ notice; destroy by ([^;\\s]+);.*");

  private Pending() {}

  /** One thing outstanding. */
  public record Row(
      String submission,
      String lab,
      String agency,
      String awaiting,
      String about,
      Instant since,
      Instant due,
      boolean overdue) {}

  /**
   * Everything outstanding at {@code now}; an acknowledgment is due {@code acknowledgmentDue} after
   * the agency's first delivery of the submission.
   */
  public static List<Row> of(AuditLog log, Instant now, Duration acknowledgmentDue) {
    Set<String> submissions = new LinkedHashSet<>();
    for (AuditEvent e :
        log.list(new AuditQuery(null, null, null, null, Set.of(EventType.DELIVERED), null))) {
      submissions.add(e.submission());
    }
    List<Row> out = new ArrayList<>();
    for (String submission : submissions) {
      if (!submission.startsWith("s-")) {
        continue; // a finding's own deliveries: it is listed below, under its submission
      }
      List<AuditEvent> events = log.list(new AuditQuery(null, null, submission, null));
      ReviewState s = ReviewState.of(submission, events);
      for (Map.Entry<String, ReviewState.Holding> h : s.holdings().entrySet()) {
        String agency = h.getKey();
        Instant delivered =
            h.getValue().items().values().stream().min(Instant::compareTo).orElseThrow();
        if (!s.acknowledged().containsKey(agency) && s.withdrawn() == null) {
          Instant due = delivered.plus(acknowledgmentDue);
          out.add(
              new Row(
                  submission,
                  s.lab(),
                  agency,
                  "acknowledgment",
                  h.getValue().transfer(),
                  delivered,
                  due,
                  now.isAfter(due)));
        }
        var asked = s.destroyAsked(agency);
        if (asked.isPresent() && !s.destroyed().containsKey(asked.get().id())) {
          Instant due = deadline(events, asked.get().id());
          out.add(
              new Row(
                  submission,
                  s.lab(),
                  agency,
                  "destruction (" + asked.get().type() + " notice)",
                  asked.get().id(),
                  asked.get().at(),
                  due,
                  due != null && now.isAfter(due)));
        }
      }
    }
    out.addAll(findings(log));
    return out;
  }

  /**
   * Findings an agency returned that are not answered yet: still being carried to the lab, or
   * waiting for the lab's certificate. They have no deadline: prex carries them as soon as it can.
   */
  private static List<Row> findings(AuditLog log) {
    List<Row> out = new ArrayList<>();
    for (AuditEvent f :
        log.list(
            new AuditQuery(null, null, null, null, Set.of(EventType.FINDINGS_RECEIVED), null))) {
      List<AuditEvent> events = log.list(new AuditQuery(f.lab(), null, f.item(), null));
      if (events.stream().anyMatch(e -> e.type() == EventType.RECEIPT_SENT)
          || events.stream().noneMatch(e -> e.type() == EventType.STAGED)) {
        continue; // answered, or never in custody (its take failed, and was done again)
      }
      boolean waiting =
          events.stream()
              .anyMatch(
                  e ->
                      e.type() == EventType.DELIVERY_RETRY
                          && e.reason() != null
                          && e.reason().startsWith("waiting: lab"));
      out.add(
          new Row(
              f.submission(),
              f.lab(),
              f.agency(),
              waiting
                  ? "findings to the lab (it has no usable certificate)"
                  : "findings to the lab (being handled)",
              f.item(),
              f.time(),
              null,
              false));
    }
    return out;
  }

  private static Instant deadline(List<AuditEvent> events, String noticeId) {
    for (AuditEvent e : events) {
      if (e.type() == EventType.NOTICE_SENT && noticeId.equals(e.item()) && e.reason() != null) {
        Matcher m = DESTROY_BY.matcher(e.reason());
        if (m.matches()) {
          try {
            return Instant.parse(m.group(1));
          } catch (DateTimeParseException ignored) {
            return null;
          }
        }
      }
    }
    return null;
  }
}
