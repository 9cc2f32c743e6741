package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.item.Item;
import org.prex.submission.Submission;
import org.prex.transfer.TransferSealer;

/**
 * Sealing makes one whole package per agency in staging, logs SEALED per item and agency, and seals
 * nothing again when run a second time (after a stop).
 */
class SealStepTest extends StepFixture {

  @Test
  void onePackagePerAgency_sealedOnce() throws Exception {
    Submission s = Staged.folder(staging, null, List.of("# card\n", "more\n"));
    Submission ready = TwoAgencies.ready(s, staging, log);
    SealStep step = TwoAgencies.sealStep(staging, log);
    step.seal(ready);
    for (String agency : TwoAgencies.AGENCIES.keySet()) {
      Path pkg = TransferSealer.wholePackage(staging.sealed(s.id(), agency));
      assertNotNull(pkg, agency);
      assertTrue(Files.exists(pkg.resolve("manifest.json.pgp")), agency);
    }
    assertEquals(3, sealed(log).size(), "caisi: one item, cisa: two");
    Path caisi = TransferSealer.wholePackage(staging.sealed(s.id(), "caisi"));
    step.seal(ready);
    assertEquals(caisi, TransferSealer.wholePackage(staging.sealed(s.id(), "caisi")));
    assertEquals(3, sealed(log).size(), "not sealed again");
    for (Item i : ready.items()) {
      assertTrue(Files.exists(staging.content(i.id())), "plaintext stays until answered");
    }
  }

  private static List<AuditEvent> sealed(AuditLog log) {
    return log.list(AuditQuery.all()).stream().filter(e -> e.type() == EventType.SEALED).toList();
  }
}
