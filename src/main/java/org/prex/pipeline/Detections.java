package org.prex.pipeline;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.prex.classify.Classification;
import org.prex.item.Item;

/**
 * The types of a submission's items, detected two at a time (docs/tuning.md, "Eighth round"): the
 * caller takes items from the first on, and one helper from a pool shared by all submissions takes
 * the next free one too. A folder's type detection (Tika's magic, 2.5 ms a card) then uses both
 * cores; when the pool is busy with other submissions the caller does it all, never slower than
 * alone. Detection only reads the staged content, so a helper stopped midway leaves nothing behind.
 */
final class Detections {
  /** Detects one item's type from its staged content. */
  interface Detect {
    Classification of(Item item) throws IOException;
  }

  private static final ExecutorService HELPERS = helpers();

  private final List<Item> items;
  private final Detect detect;
  private final AtomicInteger next = new AtomicInteger();

  /** Per item: its Classification, or the exception its detection threw. */
  private final AtomicReferenceArray<Object> done;

  private Detections(List<Item> items, Detect detect) {
    this.items = items;
    this.detect = detect;
    this.done = new AtomicReferenceArray<>(items.size());
  }

  /**
   * Detects every item's type; element {@code i} is item {@code i}'s {@link Classification}, or the
   * {@link IOException} or {@link RuntimeException} its detection threw (the caller reports the
   * first in item order, as if they had been detected one after the other).
   *
   * @throws InterruptedIOException the caller was interrupted (the helper is stopped)
   */
  static Object[] detectAll(List<Item> items, Detect detect) throws InterruptedIOException {
    Detections d = new Detections(items, detect);
    Future<?> helper = items.size() > 1 ? HELPERS.submit(d::help) : null;
    try {
      d.work();
      // a helper that has not begun (the pool busy with other submissions) is not waited for
      if (helper != null && !d.helping.compareAndSet(false, true)) {
        helper.get();
      }
    } catch (InterruptedException e) {
      helper.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("stopped while detecting the items' types");
    } catch (ExecutionException e) {
      // work() keeps every detection's failure as that item's result: only an Error comes here
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("type detection failed outside an item", e.getCause());
    }
    Object[] out = new Object[items.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = d.done.get(i);
      if (out[i] == null) {
        throw new IllegalStateException("no type was detected for item " + items.get(i).id());
      }
    }
    return out;
  }

  /** Set by the helper as it begins, or by the caller once done if the helper has not begun. */
  private final AtomicBoolean helping = new AtomicBoolean();

  private void help() {
    if (helping.compareAndSet(false, true)) {
      work();
    }
  }

  /** Takes the next item no one has taken, until none is left. */
  private void work() {
    for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
      Object result;
      try {
        result = detect.of(items.get(i));
      } catch (IOException | RuntimeException e) {
        result = e;
      }
      done.set(i, result);
    }
  }

  private static ExecutorService helpers() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
        r -> {
          Thread t = new Thread(r, "prex-detect-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
