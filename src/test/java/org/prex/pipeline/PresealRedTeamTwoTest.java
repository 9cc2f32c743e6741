package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.prex.item.Item;
import org.prex.outcome.Completion;
import org.prex.submission.Submission;
import org.prex.transfer.Presealer;
import org.prex.transfer.TransferSealer;

/**
 * Second red team of presealing, against the fixes of fb3007a and a4d0bb9: the Job lifecycle
 * (end/discard/take), the one-at-a-time flag released by FutureTask.done(), close() when the routes
 * stop, and the callers (seal step, completion).
 *
 * <p>To hold a preseal "running" for as long as a test needs, the first item's staged content is
 * replaced by a named pipe: the preseal thread then waits in open(2), which no interrupt ends,
 * exactly like a preseal of a large item that is slow to notice its cancellation. The pipe is
 * opened for writing to let it go on.
 */
class PresealRedTeamTwoTest extends StepFixture {

  private static final List<String> BOTH = List.of("caisi", "cisa");

  /**
   * A preseal discarded while it runs releases the one-at-a-time flag at once (done() runs on
   * cancel), so the next large item's preseal is queued behind it. The seal step of that next item
   * waits in take() for it; then the routes stop (a reload) and close() shuts the worker down,
   * which drops the queued task without cancelling it. take() waits on a FutureTask that will never
   * run or be cancelled: the seal step (and the in-flight exchange, and the route stop that waits
   * for it) hangs forever.
   *
   * <p>Expected: a preseal the presealer will never run ends the wait in take() (null: the seal
   * step seals the item itself).
   */
  @Test
  void aSealStepWaitingOnAQueuedPreseal_isNotLeftWaitingForever_whenThePresealerCloses()
      throws Exception {
    TransferSealer sealer = TwoAgencies.transferSealer(staging, log);
    Presealer presealer = sealer.presealing(Duration.ofMinutes(2), 1);
    Submission a = TwoAgencies.ready(Staged.looseFile(staging, "first item\n"), staging, log);
    Submission b = TwoAgencies.ready(Staged.looseFile(staging, "second item\n"), staging, log);
    Item itemA = a.items().get(0);
    Path pipe = PresealFiles.pipeFor(staging, itemA);

    ExecutorService threads = Executors.newCachedThreadPool(PresealFiles.daemon());
    try {
      presealer.start(a, i -> BOTH);
      PresealFiles.awaitPartial(
          staging, itemA.id()); // the preseal of A is running, waiting in open() on the pipe
      presealer.discard(itemA.id()); // A is held: cancelled while it runs; the flag is released
      presealer.start(b, i -> BOTH); // B's preseal is queued behind A on the single worker

      Future<Submission> sealB = threads.submit(() -> new SealStep(sealer).seal(b));
      // since small items of folders are presealed too (a queue of them), a preseal that has not
      // begun is not waited for at all: the seal step of B seals B itself; whether it is done by
      // now or still sealing, the stop below must not leave it waiting
      Thread.sleep(500);

      presealer.close(); // the routes stop: a reload or a stop
      PresealFiles.letGo(pipe, threads); // A's preseal thread can end now

      try {
        sealB.get(15, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        sealB.cancel(true);
        fail(
            "the seal step of B waits forever in Presealer.take(): close() dropped B's queued"
                + " preseal without cancelling it, and nothing will ever complete its future");
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * A folder's small items wait their turn behind another folder's on the one thread that preseals
   * them. Here that thread is stuck on the first folder's first item (a pipe): the seal step of the
   * second folder must not wait for preseals that have not begun. It seals those items itself, and
   * they are never presealed afterwards.
   */
  @Test
  void aSealStep_doesNotWaitForSmallPresealsStillQueued_behindAStuckOne() throws Exception {
    TransferSealer sealer = TwoAgencies.transferSealer(staging, log);
    Presealer presealer = sealer.presealing(Duration.ofMinutes(2));
    Submission x =
        TwoAgencies.ready(Staged.folder(staging, null, PresealFiles.cards("x", 8)), staging, log);
    Submission y =
        TwoAgencies.ready(Staged.folder(staging, null, PresealFiles.cards("y", 8)), staging, log);
    Path pipe = PresealFiles.pipeFor(staging, x.items().get(0));
    ExecutorService threads = Executors.newCachedThreadPool(PresealFiles.daemon());
    try {
      presealer.start(x, i -> BOTH);
      PresealFiles.awaitPartial(
          staging, x.items().get(0).id()); // the small items' thread waits in open() on the pipe
      presealer.start(y, i -> BOTH); // queued behind all of x's

      Future<Submission> sealY = threads.submit(() -> new SealStep(sealer).seal(y));
      try {
        sealY.get(30, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        sealY.cancel(true);
        fail("the seal step of y waits for preseals that have not begun");
      }
      assertTrue(
          TransferSealer.wholePackage(staging.sealed(y.id(), "cisa")) != null,
          "y's package to cisa is sealed");

      presealer.discard(x); // x is held, say
      PresealFiles.letGo(pipe, threads);
      Thread.sleep(500); // the thread goes through what is queued: all of it taken or discarded
      for (Item i : y.items()) {
        assertEquals(
            List.of(),
            PresealFiles.of(staging, i.id()),
            "y's items are never presealed once taken");
      }
    } finally {
      presealer.close();
      threads.shutdownNow();
    }
  }

  /**
   * Guard (a4d0bb9): a preseal discarded while still queued, and one discarded while it runs, do
   * not leave the one-at-a-time flag set: a later large item is still presealed once they end.
   */
  @Test
  void presealsDiscardedWhileRunningAndWhileQueued_doNotStopLaterOnes() throws Exception {
    TransferSealer sealer = TwoAgencies.transferSealer(staging, log);
    Presealer presealer = sealer.presealing(Duration.ofMinutes(2), 1);
    Submission a = TwoAgencies.ready(Staged.looseFile(staging, "first item\n"), staging, log);
    Submission b = TwoAgencies.ready(Staged.looseFile(staging, "second item\n"), staging, log);
    Submission c = TwoAgencies.ready(Staged.looseFile(staging, "third item\n"), staging, log);
    Item itemA = a.items().get(0);
    Path pipe = PresealFiles.pipeFor(staging, itemA);
    ExecutorService threads = Executors.newCachedThreadPool(PresealFiles.daemon());
    try {
      presealer.start(a, i -> BOTH);
      PresealFiles.awaitPartial(staging, itemA.id());
      presealer.discard(itemA.id()); // cancelled running
      presealer.start(b, i -> BOTH); // queued
      presealer.discard(b.items().get(0).id()); // cancelled queued
      PresealFiles.letGo(pipe, threads);
      Item itemC = c.items().get(0);
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (PresealFiles.of(staging, itemC.id()).isEmpty() && System.nanoTime() < until) {
        presealer.start(c, i -> BOTH);
        Thread.sleep(100);
      }
      assertFalse(PresealFiles.of(staging, itemC.id()).isEmpty(), "presealing stopped for good");
      new SealStep(sealer).seal(c);
      for (Submission s : List.of(a, b, c)) {
        for (Item i : s.items()) {
          staging.releaseItem(i.id());
        }
      }
      presealer.close();
      Thread.sleep(300);
      assertEquals(List.of(), PresealFiles.all(staging), "nothing left in staging/preseal");
    } finally {
      threads.shutdownNow();
      presealer.close();
    }
  }

  /**
   * The answer path: completion first removes a submission's preseals, then its plaintext. When
   * removing the preseals fails (Presealer.remove walks the folder with Files.walk, which throws
   * UncheckedIOException, a RuntimeException, for an entry it cannot read), the plaintext must
   * still leave staging: the submission was answered, and plaintext may not stay behind.
   *
   * <p>Expected: the item's plaintext is released whatever the preseal removal does.
   */
  @Test
  void completion_releasesThePlaintext_evenWhenRemovingItsPresealsFails() throws Exception {
    Submission s = TwoAgencies.ready(Staged.looseFile(staging, "answered item\n"), staging, log);
    Item item = s.items().get(0);
    Completion completion =
        new Completion(
            staging,
            sub -> {
              throw new java.io.UncheckedIOException(
                  new java.nio.file.NoSuchFileException("staging/preseal/x/caisi.pgp"));
            });
    try {
      completion.complete(s);
    } catch (RuntimeException expected) {
      // the failure may be reported; the plaintext must be gone either way
    }
    assertFalse(
        Files.exists(staging.content(item.id())),
        "answered, yet the item's plaintext is still in staging: a failure removing its preseals"
            + " skipped staging.release");
  }

  /**
   * Guard: a preseal discarded by the designate step while it runs (a spill found while it was
   * sealing) leaves nothing behind once it ends, and the seal step never takes it.
   */
  @Test
  void aPresealDiscardedWhileItRuns_isRemovedWhenItEnds_andNeverTaken() throws Exception {
    TransferSealer sealer = TwoAgencies.transferSealer(staging, log);
    Presealer presealer = sealer.presealing(Duration.ofMinutes(2), 1);
    Submission a = TwoAgencies.ready(Staged.looseFile(staging, "spill\n"), staging, log);
    Item itemA = a.items().get(0);
    Path pipe = PresealFiles.pipeFor(staging, itemA);
    ExecutorService threads = Executors.newCachedThreadPool(PresealFiles.daemon());
    try {
      presealer.start(a, i -> BOTH);
      PresealFiles.awaitPartial(staging, itemA.id());
      presealer.discard(a);
      PresealFiles.letGo(pipe, threads);
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!PresealFiles.of(staging, itemA.id()).isEmpty() && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      assertEquals(List.of(), PresealFiles.of(staging, itemA.id()));
    } finally {
      threads.shutdownNow();
      presealer.close();
    }
  }

  // ---- helpers
}
