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

  /**
   * A folder's types are detected two at a time, but logged in item order: the events, and each
   * item's type, are what one after the other would give (cards and PDFs mixed, so that a type put
   * with the wrong item shows).
   */
  @Test
  void aFoldersItems_areLoggedInOrder_eachWithItsOwnType() throws Exception {
    List<String> texts = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      texts.add(i % 3 == 0 ? "%PDF-1.4\n%card " + i + "\n" : "# card " + i + "\n");
    }
    Submission s = Staged.folder(staging, null, texts);
    Submission out = new ClassifyStep(new Classifier(), staging, log).classify(s);
    List<AuditEvent> events = log.list(AuditQuery.all());
    assertEquals(texts.size(), events.size());
    for (int n = 0; n < texts.size(); n++) {
      assertEquals(s.items().get(n).id(), events.get(n).item(), "event " + n);
      String type = out.items().get(n).classification().mediaType().toString();
      assertEquals(n % 3 == 0, type.equals("application/pdf"), "item " + n + " is " + type);
      assertTrue(events.get(n).reason().startsWith("type " + type + ","), events.get(n).reason());
    }
  }

  /**
   * An item whose content cannot be read fails the step, naming it; the items before it are logged,
   * none after it: as if they had been detected one after the other.
   */
  @Test
  void anUnreadableItem_failsTheStep_withTheItemsBeforeItLogged() throws Exception {
    List<String> texts = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      texts.add("# card " + i + "\n");
    }
    Submission s = Staged.folder(staging, null, texts);
    String broken = s.items().get(17).id();
    java.nio.file.Files.delete(staging.content(broken));
    java.io.UncheckedIOException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.io.UncheckedIOException.class,
            () -> new ClassifyStep(new Classifier(), staging, log).classify(s));
    assertTrue(e.getMessage().contains(broken), e.getMessage());
    List<AuditEvent> events = log.list(AuditQuery.all());
    assertEquals(17, events.size());
    for (int n = 0; n < 17; n++) {
      assertEquals(s.items().get(n).id(), events.get(n).item());
    }
  }
}
