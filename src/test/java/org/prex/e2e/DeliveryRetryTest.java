package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.testing.Await;
import org.prex.testing.RunningExchange;
import org.prex.testing.Trees;

/**
 * A delivery target that cannot be written holds up no other agency; its delivery is retried,
 * logged as DELIVERY_RETRY, and lands once when the target is usable again.
 */
class DeliveryRetryTest {

  @Test
  void anUnwritableTarget_isRetried_withoutHoldingUpTheOthers(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      Path blocked = exchange.outbox("caisi");
      Files.createDirectories(blocked.getParent());
      Files.writeString(blocked, "a file where the agency's folder should be");
      exchange.uploadEvaluation();
      Await.until(
          "the other agencies delivered, caisi retrying",
          Duration.ofSeconds(60),
          () -> count(d, EventType.DELIVERED) == 3 && count(d, EventType.DELIVERY_RETRY) >= 1);
      assertEquals(
          List.of(),
          Trees.files(d.dropBox().resolve("acme-ai/inbox")),
          "the upload left the drop box once staged, not when every delivery ended");
      Files.delete(blocked);
      Await.until(
          "caisi delivered once the target works",
          Duration.ofSeconds(60),
          () -> exchange.transfers("caisi").size() == 1 && count(d, EventType.DELIVERED) == 4);
      for (String agency : RunningExchange.ELIGIBLE) {
        assertEquals(1, exchange.transfers(agency).size(), agency + " has it exactly once");
      }
    }
  }

  private static long count(Deployment d, EventType type) {
    try (AuditLog log = AuditLog.openReadOnly(d.data())) {
      return log.list(AuditQuery.all()).stream().filter(e -> e.type() == type).count();
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
