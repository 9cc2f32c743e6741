package org.prex.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.item.Ids;

/**
 * What is outstanding, read from a real log: an agency that has not acknowledged, an agency asked
 * to destroy that has not confirmed; and what stops being outstanding once it is logged.
 */
class PendingTest {
  private static final String SHA = "a".repeat(64);

  @Test
  void acknowledgmentsAndDestructions_areOutstandingUntilLogged(@TempDir Path dir) {
    try (AuditLog log = AuditLog.open(dir)) {
      String s = Ids.submission();
      String item = Ids.item();
      log.append(
          EventDraft.of(EventType.STAGED).lab("acme").submission(s).item(item).sha256Plain(SHA));
      log.append(
          EventDraft.of(EventType.RELEASE_SCHEDULED)
              .lab("acme")
              .submission(s)
              .reason("release-date 2026-12-20"));
      String tCaisi = Ids.transfer();
      String tNsa = Ids.transfer();
      delivered(log, s, item, "caisi", tCaisi);
      delivered(log, s, item, "nsa", tNsa);
      Instant now = Instant.now();

      List<Pending.Row> rows = Pending.of(log, now, Duration.ofDays(7));
      assertEquals(List.of("caisi", "nsa"), rows.stream().map(Pending.Row::agency).toList());
      assertTrue(rows.stream().allMatch(r -> r.awaiting().equals("acknowledgment")));
      assertTrue(rows.stream().noneMatch(Pending.Row::overdue));
      assertTrue(
          Pending.of(log, now.plus(Duration.ofDays(8)), Duration.ofDays(7)).stream()
              .allMatch(Pending.Row::overdue));

      log.appendOnce(
          EventDraft.of(EventType.ACKNOWLEDGED)
              .lab("acme")
              .submission(s)
              .agency("caisi")
              .transfer(tCaisi));
      String notice = Ids.notice("withdrawal", s, "nsa");
      Instant deadline =
          now.plus(Duration.ofDays(14)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      log.append(EventDraft.of(EventType.WITHDRAWN).lab("acme").submission(s).reason("withdrawn"));
      log.appendOnce(
          EventDraft.of(EventType.NOTICE_SENT)
              .lab("acme")
              .submission(s)
              .item(notice)
              .agency("nsa")
              .transfer(tNsa)
              .reason("withdrawal notice; destroy by " + deadline + "; the lab withdrew it"));

      rows = Pending.of(log, now, Duration.ofDays(7));
      // withdrawn: no acknowledgment is asked any more; nsa owes a destruction by the deadline
      assertEquals(1, rows.size(), rows.toString());
      assertEquals("nsa", rows.get(0).agency());
      assertEquals("destruction (withdrawal notice)", rows.get(0).awaiting());
      assertEquals(notice, rows.get(0).about());
      assertEquals(deadline, rows.get(0).due());
      assertFalse(rows.get(0).overdue());
      assertTrue(Pending.of(log, deadline.plusSeconds(1), Duration.ofDays(7)).get(0).overdue());

      log.appendOnce(
          EventDraft.of(EventType.DESTROYED)
              .lab("acme")
              .submission(s)
              .item(notice)
              .agency("nsa")
              .transfer(tNsa));
      assertEquals(List.of(), Pending.of(log, now, Duration.ofDays(7)));
      List<String> summary =
          ReviewSummary.lines(s, log.list(new org.prex.audit.AuditQuery(null, null, s, null)));
      assertTrue(summary.get(0).startsWith("release date 2026-12-20; withdrawn by the lab"));
      assertTrue(summary.get(1).startsWith("review caisi (transfer " + tCaisi + "): acknowledged"));
      assertTrue(
          summary.get(2).contains("withdrawal notice " + notice)
              && summary.get(2).contains("destruction confirmed"),
          summary.get(2));
    }
  }

  private static void delivered(AuditLog log, String s, String item, String agency, String t) {
    log.appendOnce(
        EventDraft.of(EventType.DELIVERED)
            .lab("acme")
            .submission(s)
            .item(item)
            .agency(agency)
            .transfer(t));
  }
}
