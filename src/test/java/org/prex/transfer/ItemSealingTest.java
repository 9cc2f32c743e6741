package org.prex.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.prex.item.Ids;
import org.prex.item.Item;
import org.prex.item.StagedItem;

/** A submission's small items are sealed several at a time, its large ones one after the other. */
class ItemSealingTest {
  private static final String SUBMISSION = Ids.submission();

  /**
   * A loose item of {@code size} bytes (nothing is read: the seals in these tests are stand-ins).
   */
  static Item item(long size) {
    return Item.of(
        StagedItem.loose(
            Ids.item(),
            SUBMISSION,
            "acme-ai",
            "card.md",
            size,
            "0".repeat(64),
            "2026-11-29T12:00:00Z",
            "k"));
  }

  @Test
  void smallItems_areSealedAtTheSameTime_andEveryOneIsAnswered() throws Exception {
    List<Item> items = List.of(item(20_000), item(1_000), item(30_000));
    // each seal waits until two are running at once: sealed one after the other, it would time out
    CountDownLatch together = new CountDownLatch(2);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    Map<String, Map<String, String>> sealed =
        ItemSealing.sealAll(
            items,
            i -> {
              threads.add(Thread.currentThread().getName());
              together.countDown();
              try {
                if (!together.await(10, TimeUnit.SECONDS)) {
                  throw new IOException("sealed one at a time");
                }
              } catch (InterruptedException e) {
                throw new IOException(e);
              }
              return Map.of("caisi", "hash-" + i.id());
            });
    assertEquals(items.stream().map(Item::id).toList(), new ArrayList<>(sealed.keySet()));
    for (Item i : items) {
      assertEquals(Map.of("caisi", "hash-" + i.id()), sealed.get(i.id()));
    }
    assertTrue(
        threads.stream().allMatch(t -> t.startsWith("prex-seal-items-")), threads.toString());
  }

  @Test
  void aLargeItem_andALoneSmallOne_areSealedOnTheCallersThread() throws Exception {
    String caller = Thread.currentThread().getName();
    List<String> threads = new ArrayList<>();
    ItemSealing.sealAll(
        List.of(item(ItemSealing.SMALL), item(5 * ItemSealing.SMALL), item(10)),
        i -> {
          threads.add(Thread.currentThread().getName());
          return Map.of();
        });
    assertEquals(List.of(caller, caller, caller), threads);
  }

  @Test
  void oneFailedSeal_failsTheWhole_afterEveryOtherSealHasEnded() throws Exception {
    List<Item> items = List.of(item(10), item(20), item(30), item(40));
    Set<String> ended = ConcurrentHashMap.newKeySet();
    IOException failed =
        assertThrows(
            IOException.class,
            () ->
                ItemSealing.sealAll(
                    items,
                    i -> {
                      if (i == items.get(0)) {
                        throw new IOException("disk full sealing " + i.id());
                      }
                      try {
                        Thread.sleep(200);
                      } catch (InterruptedException e) {
                        throw new IOException(e);
                      }
                      ended.add(i.id());
                      return Map.of();
                    }));
    assertEquals("disk full sealing " + items.get(0).id(), failed.getMessage());
    assertEquals(3, ended.size(), "the others ended before the failure was thrown");
  }
}
