package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.prex.audit.EventType;
import org.prex.classify.Classifier;
import org.prex.config.Policy;
import org.prex.designator.Designator;
import org.prex.inspect.Inspector;
import org.prex.item.Hold;
import org.prex.item.Item;
import org.prex.route.Router;
import org.prex.staging.Staging;
import org.prex.submission.Submission;
import org.prex.submission.SubmissionHeld;
import org.prex.testing.Inspectors;
import org.prex.transfer.Presealer;
import org.prex.transfer.TransferSealer;

/**
 * Red team of presealing (docs/tuning.md, "Fourth round"): the designate step seals an item to the
 * agencies its designation before inspection would reach, before it knows whether the item is a
 * spill. Whatever inspection decides, nothing sealed of a held item may stay behind, and nothing
 * presealed may reach a package the seal step would not have put it in.
 */
class PresealRedTeamTest extends StepFixture {

  /**
   * A spill, designated with presealing on, the way serve binds the step: the item is sealed to
   * caisi and cisa while it is inspected, inspection finds SECRET//NOFORN and the submission is
   * held. After the held path has taken the item out of staging, nothing sealed of the spill to an
   * agency's key may remain in staging/preseal: a spill's copies are all accounted for (quarantine
   * only), not left until some later large item or the next start happens to clear them.
   */
  @Test
  void aSpillPresealedToAgencies_leavesNoSealedCopyBehind_onceItIsHeldAndOutOfStaging()
      throws Exception {
    Policy policy = TwoAgencies.policy(TwoAgencies.AGENCIES);
    try (Inspector inspector = Inspectors.small(root, policy)) {
      TransferSealer sealer = TwoAgencies.transferSealer(staging, log);
      Presealer presealer = sealer.presealing(Duration.ofMinutes(2), 1);
      Router router = new Router(policy, "0".repeat(64), log);
      DesignateStep step =
          new DesignateStep(new Designator(policy, log, staging, inspector), presealer, router);
      Submission spill =
          new ClassifyStep(new Classifier(), staging, log)
              .classify(
                  Staged.looseFile(
                      staging, "SECRET//NOFORN\n\nEval notes of the model. ".repeat(2_000)));
      Item item = spill.items().get(0);

      SubmissionHeld held = assertThrows(SubmissionHeld.class, () -> step.designate(spill));
      assertEquals(Hold.Kind.SPILL, held.hold().kind());
      assertTrue(
          log.list(org.prex.audit.AuditQuery.all()).stream()
              .noneMatch(e -> e.type() == EventType.SEALED),
          "nothing is sealed for an agency in the log");

      // the held path seals it into quarantine and ends its time in staging
      staging.releaseItem(item.id());
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!PresealFiles.of(staging, item.id()).isEmpty() && System.nanoTime() < until) {
        Thread.sleep(100);
      }
      assertEquals(
          List.of(),
          PresealFiles.of(staging, item.id()),
          "the spill, sealed to agencies that must never get it, is still in staging/preseal");
    }
  }

  /**
   * An item held by inspection for any reason (here: not listed) while the rest of its submission
   * goes on: its preseal is not taken, and it must be gone once the submission was sealed.
   */
  @Test
  void aHeldItemsPreseal_isGone_onceItsSubmissionIsSealed() throws Exception {
    Submission s = Staged.folder(staging, null, List.of("# card\n", "more\n"));
    Submission ready = TwoAgencies.ready(s, staging, log);
    TransferSealer sealer = TwoAgencies.transferSealer(staging, log);
    Presealer presealer = sealer.presealing(Duration.ofMinutes(2), 1);
    Item first = ready.items().get(0);
    presealer.start(ready, i -> List.of("caisi", "cisa"));
    awaitPresealed(first.id());
    // inspection held the first item; the second goes on to be sealed
    Submission afterInspection =
        ready.map(i -> i.id().equals(first.id()) ? i.hold(Hold.unlisted()) : i);

    new SealStep(sealer).seal(afterInspection);
    staging.releaseItem(first.id()); // quarantined: out of staging

    Thread.sleep(500);
    assertEquals(
        List.of(),
        PresealFiles.of(staging, first.id()),
        "the held item's preseal is left in staging/preseal");
  }

  /**
   * A policy reload while a large item is presealed: serve stops the routes and builds a new
   * transfer sealer (and presealer) for the new policy, which seals the resumed submission; the old
   * presealer's message is never taken, and only a process restart (removeAborted) would clear it.
   */
  @Test
  void aPresealOfTheRoutesBeforeAReload_isNotLeftBehind() throws Exception {
    Submission s = Staged.folder(staging, null, List.of("# card\n", "more\n"));
    Submission ready = TwoAgencies.ready(s, staging, log);
    Presealer before =
        TwoAgencies.transferSealer(staging, log).presealing(Duration.ofMinutes(2), 1);
    Item first = ready.items().get(0);
    before.start(ready, i -> List.of("caisi", "cisa"));
    awaitPresealed(first.id());

    // the reload: serve stops the routes (closing what they held open, PrexServer.stopQuietly),
    // then new routes, a new transfer sealer, the submission resumed and sealed
    before.close();
    TransferSealer after = TwoAgencies.transferSealer(staging, log);
    after.presealing(Duration.ofMinutes(2), 1);
    new SealStep(after).seal(ready);
    for (Item i : ready.items()) {
      staging.releaseItem(i.id()); // delivered: out of staging
    }

    Thread.sleep(500);
    assertEquals(
        List.of(),
        PresealFiles.of(staging, first.id()),
        "sealed and delivered, yet the item is still sealed in staging/preseal");
  }

  /** Guard: a restart empties staging/preseal (Staging.removeAborted). */
  @Test
  void aRestart_removesEveryPreseal() throws Exception {
    Path dir = staging.root().resolve(Staging.PRESEALED).resolve("i-x");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("caisi.pgp"), "sealed");
    staging.removeAborted();
    assertTrue(Files.notExists(staging.root().resolve(Staging.PRESEALED)));
  }

  /**
   * Guard: the designate step run twice for one submission (a redelivery) while its item is still
   * presealed starts no second preseal, and the seal step then leaves nothing behind.
   */
  @Test
  void aRetryWhileAPresealRuns_startsNoSecond_andNothingIsLeft() throws Exception {
    Submission s = Staged.folder(staging, null, List.of("# card\n".repeat(200_000), "more\n"));
    Submission ready = TwoAgencies.ready(s, staging, log);
    TransferSealer sealer = TwoAgencies.transferSealer(staging, log);
    Presealer presealer = sealer.presealing(Duration.ofMinutes(2), 1);
    presealer.start(ready, i -> List.of("caisi", "cisa"));
    presealer.start(ready, i -> List.of("caisi", "cisa"));
    Item first = ready.items().get(0);
    assertTrue(
        PresealFiles.of(staging, first.id()).size() <= 1,
        "one preseal: " + PresealFiles.of(staging, first.id()));
    new SealStep(sealer).seal(ready);
    assertEquals(List.of(), PresealFiles.all(staging));
    for (String agency : List.of("caisi", "cisa")) {
      Path pkg = TransferSealer.wholePackage(staging.sealed(s.id(), agency));
      boolean routed = first.agencies().contains(agency);
      assertEquals(routed, Files.isRegularFile(pkg.resolve(first.id() + ".pgp")), agency);
    }
  }

  private void awaitPresealed(String item) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < until) {
      for (Path dir : PresealFiles.of(staging, item)) {
        if (Files.isRegularFile(dir.resolve("cisa.pgp"))) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("item " + item + " was not presealed");
  }
}
