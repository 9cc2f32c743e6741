package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.classify.Classifier;
import org.prex.submission.Submission;

/** Every item is classified from its staged content and logged CLASSIFIED with its hash. */
class ClassifyStepTest extends StepFixture {

  @Test
  void eachItemIsClassified_andLogged() throws Exception {
    Submission s = Staged.folder(staging, null, List.of("# card\n", "plain text\n"));
    Submission out = new ClassifyStep(new Classifier(), staging, log).classify(s);
    out.items().forEach(i -> assertNotNull(i.classification(), i.id()));
    List<AuditEvent> events = log.list(AuditQuery.all());
    assertEquals(2, events.size());
    for (int n = 0; n < 2; n++) {
      AuditEvent e = events.get(n);
      assertEquals(EventType.CLASSIFIED, e.type());
      assertEquals(s.items().get(n).id(), e.item());
      assertEquals(s.items().get(n).staged().sha256(), e.sha256Plain());
      assertTrue(e.reason().startsWith("type "), e.reason());
    }
  }
}
