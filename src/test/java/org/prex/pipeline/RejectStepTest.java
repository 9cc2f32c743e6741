package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.outcome.Rejector;
import org.prex.submission.Submission;
import org.prex.submission.SubmissionRejected;

/** The rejected path logs REJECTED for each item with the rejection's own words. */
class RejectStepTest extends StepFixture {

  @Test
  void eachItemIsRejected_withTheReason() throws Exception {
    Submission s = Staged.folder(staging, null, List.of("a", "b"));
    new RejectStep(new Rejector(log)).reject(s, new SubmissionRejected("release date passed"));
    List<AuditEvent> events = log.list(AuditQuery.all());
    assertEquals(2, events.size());
    for (AuditEvent e : events) {
      assertEquals(EventType.REJECTED, e.type());
      assertEquals(s.id(), e.submission());
      assertEquals("release date passed", e.reason());
    }
    assertEquals(s.items().get(0).id(), events.get(0).item());
  }

  @Test
  void aSubmissionWithoutItems_isRejectedAsAWhole() throws Exception {
    Submission s = Staged.folder(staging, "no submission.yaml items", List.of());
    new RejectStep(new Rejector(log)).reject(s, new SubmissionRejected("no items"));
    List<AuditEvent> events = log.list(AuditQuery.all());
    assertEquals(1, events.size());
    assertEquals(null, events.get(0).item());
    assertEquals("no items", events.get(0).reason());
  }
}
