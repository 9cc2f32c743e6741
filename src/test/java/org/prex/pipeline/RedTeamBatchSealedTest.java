package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditFixtures;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.submission.Submission;
import org.prex.transfer.TransferSealer;

/**
 * Red team, batched SEALED (found against commit e641a4a, which moved every agency's package into
 * place before one append of all their SEALED events): when the log refuses an agency's SEALED
 * events, no package may stay in place unlogged, or the next attempt keeps it as it is and it is
 * delivered with no SEALED event. Each agency's events are now appended right after its move, and a
 * refused append moves the package back to be sealed again.
 */
class RedTeamBatchSealedTest extends StepFixture {

  @Test
  void aPackageInPlace_isLoggedSealed_evenWhenTheFirstSealedBatchWasRefused() throws Exception {
    Submission s = Staged.folder(staging, null, List.of("# card\n", "more\n"));
    Submission ready = TwoAgencies.ready(s, staging, log);
    SealStep step = TwoAgencies.sealStep(staging, log);
    Path data = root.resolve("data");

    // the database refuses SEALED rows for a while (a full disk, a lock timeout, a lost server)
    AuditFixtures.sql(
        data,
        "ALTER TABLE audit_event ADD CONSTRAINT red_no_sealed CHECK (event_type <> 'SEALED')");
    try {
      assertThrows(RuntimeException.class, () -> step.seal(ready));
    } finally {
      AuditFixtures.sql(data, "ALTER TABLE audit_event DROP CONSTRAINT red_no_sealed");
    }

    // the route retries the submission once the database is back
    step.seal(ready);

    List<AuditEvent> sealed =
        log.list(AuditQuery.all()).stream().filter(e -> e.type() == EventType.SEALED).toList();
    List<String> unlogged = new java.util.ArrayList<>();
    for (String agency : TwoAgencies.AGENCIES.keySet()) {
      Path pkg = TransferSealer.wholePackage(staging.sealed(s.id(), agency));
      assertNotNull(pkg, agency + "'s package is in place, ready to be delivered");
      String transfer = pkg.getFileName().toString();
      if (sealed.stream().noneMatch(e -> transfer.equals(e.transfer()))) {
        unlogged.add(agency);
      }
    }
    assertEquals(
        List.of(),
        unlogged,
        "packages in place (and about to be delivered) that no SEALED event records");
  }
}
