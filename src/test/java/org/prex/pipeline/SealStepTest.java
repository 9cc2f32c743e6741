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

  /**
   * A package waiting for an agency (its server down) when a reload changes what the agency is
   * routed: it is sealed again with the items routed now, never handed over as it was.
   */
  @Test
  void aWaitingPackage_isSealedAgain_whenWhatTheAgencyIsRoutedChanged() throws Exception {
    Submission s = Staged.folder(staging, null, List.of("# card\n", "more\n"));
    Submission ready = TwoAgencies.ready(s, staging, log);
    SealStep step = TwoAgencies.sealStep(staging, log);
    step.seal(ready);
    Path cisaBefore = TransferSealer.wholePackage(staging.sealed(s.id(), "cisa"));
    Path caisiBefore = TransferSealer.wholePackage(staging.sealed(s.id(), "caisi"));
    String kept = ready.items().get(0).id();
    Submission tightened =
        ready.map(
            i ->
                i.id().equals(kept)
                    ? i
                    : i.withAgencies(
                        i.agencies().stream().filter(a -> !a.equals("cisa")).toList()));
    step.seal(tightened);
    Path cisaAfter = TransferSealer.wholePackage(staging.sealed(s.id(), "cisa"));
    assertTrue(!cisaAfter.equals(cisaBefore), "cisa's package sealed again: " + cisaAfter);
    assertTrue(Files.notExists(cisaBefore), "the package as it was is gone");
    String transfer = cisaAfter.getFileName().toString();
    assertEquals(
        List.of(kept),
        sealed(log).stream()
            .filter(e -> transfer.equals(e.transfer()))
            .map(AuditEvent::item)
            .toList(),
        "only the item routed now");
    assertEquals(
        caisiBefore,
        TransferSealer.wholePackage(staging.sealed(s.id(), "caisi")),
        "caisi's unchanged");
  }

  private static List<AuditEvent> sealed(AuditLog log) {
    return log.list(AuditQuery.all()).stream().filter(e -> e.type() == EventType.SEALED).toList();
  }
}
