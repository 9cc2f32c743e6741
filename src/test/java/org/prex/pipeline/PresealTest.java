package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.item.Item;
import org.prex.item.Sha256;
import org.prex.submission.Submission;
import org.prex.transfer.Presealer;
import org.prex.transfer.TransferSealer;

/**
 * Items sealed while they are inspected (docs/tuning.md): the seal step takes a presealed message
 * only for an agency that is routed the item, seals the agencies routed that were not presealed,
 * and leaves nothing presealed behind, whether taken or not.
 */
class PresealTest extends StepFixture {

  @Test
  void aPresealedMessage_isUsedForItsRoutedAgency_andTheOthersAreSealedAsUsual() throws Exception {
    Submission s = Staged.folder(staging, null, List.of("# card\n", "more\n"));
    Submission ready = TwoAgencies.ready(s, staging, log); // first: caisi, cisa; second: cisa
    TransferSealer sealer = TwoAgencies.transferSealer(staging, log);
    Presealer presealer = sealer.presealing(Duration.ofMinutes(2), 1);
    Item first = ready.items().get(0);
    presealer.start(ready, item -> List.of("caisi"));
    byte[] presealed = Files.readAllBytes(awaitPresealed(first.id(), "caisi"));

    new SealStep(sealer).seal(ready);

    Path caisi = TransferSealer.wholePackage(staging.sealed(s.id(), "caisi"));
    assertArrayEquals(
        presealed,
        Files.readAllBytes(caisi.resolve(first.id() + ".pgp")),
        "caisi's message is the presealed one");
    Path cisa = TransferSealer.wholePackage(staging.sealed(s.id(), "cisa"));
    assertTrue(Files.isRegularFile(cisa.resolve(first.id() + ".pgp")), "cisa sealed as usual");
    for (AuditEvent e : sealed()) {
      Path pkg = "caisi".equals(e.agency()) ? caisi : cisa;
      assertEquals(
          sha256(Files.readAllBytes(pkg.resolve(e.item() + ".pgp"))),
          e.sha256Cipher(),
          "the logged hash is the package's message's");
    }
    assertEquals(3, sealed().size());
    assertEquals(List.of(), PresealFiles.all(staging), "nothing presealed is left");
  }

  /** Inspection raised the designation: an agency presealed for is not routed the item. */
  @Test
  void aPresealedMessage_forAnAgencyNotRouted_goesInNoPackage_andIsRemoved() throws Exception {
    Submission s = Staged.folder(staging, null, List.of("# card\n", "more\n"));
    Submission ready = TwoAgencies.ready(s, staging, log);
    Item second = ready.items().get(1); // routed to cisa only
    TransferSealer sealer = TwoAgencies.transferSealer(staging, log);
    Presealer presealer = sealer.presealing(Duration.ofMinutes(2), 1);
    presealer.start(ready.map(i -> i.id().equals(second.id()) ? i : i.hold(held())), i -> both());
    awaitPresealed(second.id(), "caisi");

    new SealStep(sealer).seal(ready);

    Path caisi = TransferSealer.wholePackage(staging.sealed(s.id(), "caisi"));
    assertFalse(Files.exists(caisi.resolve(second.id() + ".pgp")), "caisi is not routed it");
    assertTrue(
        sealed().stream()
            .noneMatch(e -> e.item().equals(second.id()) && "caisi".equals(e.agency())));
    assertEquals(List.of(), PresealFiles.all(staging), "caisi's presealed message is removed");
  }

  /** A preseal of an item that leaves staging without being sealed (held, rejected) is removed. */
  @Test
  void aPresealNeverTaken_isRemoved_onceItsItemHasLeftStaging() throws Exception {
    Submission s = Staged.folder(staging, null, List.of("# card\n", "more\n"));
    Submission ready = TwoAgencies.ready(s, staging, log);
    TransferSealer sealer = TwoAgencies.transferSealer(staging, log);
    Presealer presealer = sealer.presealing(Duration.ofMinutes(2), 1);
    Item first = ready.items().get(0);
    presealer.start(ready, i -> both());
    awaitPresealed(first.id(), "cisa");
    staging.releaseItem(first.id());

    Submission next = Staged.folder(staging, null, List.of("another\n"));
    presealer.start(TwoAgencies.ready(next, staging, log), i -> both());

    assertTrue(
        PresealFiles.all(staging).stream()
            .noneMatch(p -> p.getFileName().toString().startsWith(first.id())),
        "the first item's preseal is gone: " + PresealFiles.all(staging));
  }

  /** Presealing is only worth it for items too large to be sealed in a moment. */
  @Test
  void smallItems_andItemsTooLargeForTheTimeLimit_areNotPresealed() throws Exception {
    Submission s = Staged.folder(staging, null, List.of("# card\n"));
    Submission ready = TwoAgencies.ready(s, staging, log);
    TransferSealer sealer = TwoAgencies.transferSealer(staging, log);
    sealer.presealing(Duration.ofMinutes(2)).start(ready, i -> both());
    sealer.presealing(Duration.ZERO, 1).start(ready, i -> both());
    Thread.sleep(300);
    assertEquals(List.of(), PresealFiles.all(staging));
  }

  /**
   * A folder's small items are presealed one after another while they are inspected; the seal step
   * takes each presealed message it may, and nothing presealed is left.
   */
  @Test
  void aFoldersSmallItems_arePresealed_andTheSealStepTakesThem() throws Exception {
    Submission s = Staged.folder(staging, null, PresealFiles.cards("", Presealer.SMALL_BATCH + 2));
    Submission ready = TwoAgencies.ready(s, staging, log);
    TransferSealer sealer = TwoAgencies.transferSealer(staging, log);
    Presealer presealer = sealer.presealing(Duration.ofMinutes(2));
    presealer.start(ready, i -> i.agencies());
    Item last = ready.items().get(ready.items().size() - 1);
    byte[] presealed = Files.readAllBytes(awaitPresealed(last.id(), "cisa"));

    new SealStep(sealer).seal(ready);

    Path cisa = TransferSealer.wholePackage(staging.sealed(s.id(), "cisa"));
    assertArrayEquals(
        presealed,
        Files.readAllBytes(cisa.resolve(last.id() + ".pgp")),
        "the last item's message to cisa is the presealed one");
    Path caisi = TransferSealer.wholePackage(staging.sealed(s.id(), "caisi"));
    for (AuditEvent e : sealed()) {
      Path pkg = "caisi".equals(e.agency()) ? caisi : cisa;
      assertEquals(
          sha256(Files.readAllBytes(pkg.resolve(e.item() + ".pgp"))),
          e.sha256Cipher(),
          "the logged hash is the package's message's");
    }
    assertEquals(
        ready.items().size() + 1, sealed().size(), "every item to cisa, the first to caisi");
    assertEquals(List.of(), PresealFiles.all(staging), "nothing presealed is left");
  }

  /** Fewer small items than a folder's batch: sealed after inspection only, as a loose file is. */
  @Test
  void aFewSmallItems_areNotPresealed() throws Exception {
    Submission s = Staged.folder(staging, null, PresealFiles.cards("", Presealer.SMALL_BATCH - 1));
    Submission ready = TwoAgencies.ready(s, staging, log);
    TransferSealer sealer = TwoAgencies.transferSealer(staging, log);
    sealer.presealing(Duration.ofMinutes(2)).start(ready, i -> both());
    Thread.sleep(300);
    assertEquals(List.of(), PresealFiles.all(staging));
  }

  /** As a large item, a small one is not presealed when the time limit is too short for it. */
  @Test
  void aFoldersSmallItems_tooLargeForTheTimeLimit_areNotPresealed() throws Exception {
    Submission s = Staged.folder(staging, null, PresealFiles.cards("", Presealer.SMALL_BATCH + 1));
    Submission ready = TwoAgencies.ready(s, staging, log);
    TransferSealer sealer = TwoAgencies.transferSealer(staging, log);
    sealer.presealing(Duration.ZERO).start(ready, i -> both());
    Thread.sleep(300);
    assertEquals(List.of(), PresealFiles.all(staging));
  }

  private static String sha256(byte[] bytes) {
    java.security.MessageDigest d = Sha256.newDigest();
    d.update(bytes);
    return Sha256.hex(d);
  }

  private static List<String> both() {
    return List.of("caisi", "cisa");
  }

  private static org.prex.item.Hold held() {
    return org.prex.item.Hold.unlisted();
  }

  private Path awaitPresealed(String item, String agency) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < until) {
      for (Path dir : PresealFiles.all(staging)) {
        Path file = dir.resolve(agency + ".pgp");
        if (dir.getFileName().toString().startsWith(item + "-") && Files.isRegularFile(file)) {
          return file;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("item " + item + " was not presealed for " + agency);
  }

  private List<AuditEvent> sealed() {
    return log.list(AuditQuery.all()).stream().filter(e -> e.type() == EventType.SEALED).toList();
  }
}
