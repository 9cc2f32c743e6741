package org.prex.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.console.view.SubmissionPage;

/** What the chain of custody says of each item: where it is now, after every kind of ending. */
class ConsoleViewsTest {
  @TempDir Path root;

  private static EventDraft e(EventType type, String submission, String item) {
    return EventDraft.of(type).lab("acme-ai").submission(submission).item(item);
  }

  @Test
  void eachItemIsWhereItsLastPlaceOfCustodySays() {
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      for (String item : List.of("i1", "i2", "i3")) {
        log.append(e(EventType.STAGED, "sub-a", item));
      }
      log.append(
          e(EventType.DESIGNATED, "sub-a", "i1").designation("CUI//SP-PROPIN").reason("declared"));
      log.append(e(EventType.ROUTED, "sub-a", "i1").agency("nsa"));
      log.append(e(EventType.ROUTED, "sub-a", "i1").agency("caisi"));
      log.append(e(EventType.DELIVERED, "sub-a", "i1").agency("nsa"));
      log.append(e(EventType.DELIVERED, "sub-a", "i1").agency("caisi"));
      log.append(e(EventType.PURGED, "sub-a", "i1"));
      log.append(e(EventType.QUARANTINED, "sub-a", "i2").reason("spill"));
      log.append(e(EventType.PURGED, "sub-a", "i2"));
      log.append(e(EventType.REJECTED, "sub-a", "i3").reason("sha256 mismatch"));
      log.append(e(EventType.STAGED, "sub-b", "j1"));
      log.append(e(EventType.PURGED, "sub-b", "j1"));
      log.append(
          EventDraft.of(EventType.REJECTED).lab("acme-ai").submission("sub-b").reason("late"));
      log.append(e(EventType.STAGED, "sub-d", "m1"));
      log.append(e(EventType.ROUTED, "sub-d", "m1").agency("caisi"));
      log.append(e(EventType.ROUTED, "sub-d", "m1").agency("nsa"));
      log.append(e(EventType.DELIVERED, "sub-d", "m1").agency("caisi"));
      log.append(e(EventType.DELIVERY_RETRY, "sub-d", "m1").agency("nsa"));
      log.append(e(EventType.STAGED, "sub-c", "k1"));
      log.append(e(EventType.PURGED, "sub-c", "k1"));

      ConsoleViews views =
          new ConsoleViews(
              new ConsoleSources(log, root, null, root, List::of, Map::of), Clock.systemUTC());
      SubmissionPage a = views.submission("sub-a");
      assertEquals("delivered", a.items().get(0).where());
      assertEquals(List.of("caisi", "nsa"), a.items().get(0).agencies());
      assertEquals("CUI//SP-PROPIN", a.items().get(0).designation());
      assertEquals("quarantined", a.items().get(1).where());
      assertEquals("rejected", a.items().get(2).where());
      assertEquals(
          "rejected with the submission", views.submission("sub-b").items().get(0).where());
      assertEquals("purged from staging", views.submission("sub-c").items().get(0).where());
      assertEquals(
          "delivered in part; waiting for delivery to nsa",
          views.submission("sub-d").items().get(0).where());
    }
  }
}
