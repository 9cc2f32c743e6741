package org.prex.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.prex.item.Item;

/**
 * Red team, parallel item sealing (found against commit 9e80cd8): a caller interrupted while its
 * items are sealed on the shared threads (Camel stopping the route) must not return while a seal
 * that does not answer the interrupt (AES over a buffer, a presealed file's move) still writes into
 * the submission's .partial folder, which the next attempt deletes and makes again.
 */
class RedTeamItemSealingStopTest {
  @Test
  void aStoppedSeal_returnsOnlyOnceNoItemIsStillBeingSealed() throws Exception {
    List<Item> items = List.of(ItemSealingTest.item(10), ItemSealingTest.item(20));
    CountDownLatch started = new CountDownLatch(2);
    AtomicInteger running = new AtomicInteger();
    Thread caller = Thread.currentThread();
    Thread stopper =
        new Thread(
            () -> {
              try {
                started.await(10, TimeUnit.SECONDS);
                caller.interrupt(); // Camel stops the route
              } catch (InterruptedException e) {
                // test ends
              }
            });
    stopper.start();
    assertThrows(
        InterruptedIOException.class,
        () ->
            ItemSealing.sealAll(
                items,
                i -> {
                  running.incrementAndGet();
                  try {
                    started.countDown();
                    // 600 ms of work that does not look at the interrupt (encrypting a buffer)
                    long end = System.nanoTime() + 600_000_000L;
                    while (System.nanoTime() < end) {
                      Thread.onSpinWait();
                    }
                    return Map.of("caisi", "hash");
                  } finally {
                    running.decrementAndGet();
                  }
                }));
    int stillSealing = running.get();
    Thread.interrupted();
    stopper.join();
    // let the pool's threads finish before the next test uses them
    for (int n = 0; n < 100 && running.get() > 0; n++) {
      Thread.sleep(20);
    }
    assertTrue(started.getCount() == 0);
    assertEquals(
        0, stillSealing, "seals still writing into the package folders after sealAll returned");
  }
}
