package org.prex.transfer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.prex.item.Item;

/**
 * Seals a submission's small items several at a time (docs/tuning.md, "Sixth round"). A card is too
 * small for the sealer's thread per agency, so a folder of a thousand cards would be sealed one
 * after the other on one core. Items from {@link #SMALL} up are sealed one after the other, as each
 * already has a thread per agency. The threads, one per core (at least two), are shared by every
 * submission.
 */
final class ItemSealing {
  /** Items under this size are sealed on the shared threads when a submission has several. */
  static final long SMALL = 1L << 20;

  private static final ExecutorService THREADS = threads();

  /** Seals one item to its agencies; returns each agency's package file SHA-256 (hex). */
  interface Seal {
    Map<String, String> seal(Item item) throws IOException;

    /** One item's seal, as run on a shared thread. */
    interface Call {
      Map<String, String> seal() throws IOException;
    }
  }

  private ItemSealing() {}

  /**
   * Seals every item; returns each item's SHA-256s by agency. When any item fails, or the caller is
   * interrupted, the other seals are waited for (none is left writing), and the first failure is
   * thrown with the rest suppressed in it; what they wrote is the caller's to remove, as after any
   * failed seal.
   */
  static Map<String, Map<String, String>> sealAll(List<Item> items, Seal seal) throws IOException {
    List<Item> small = items.stream().filter(i -> i.staged().size() < SMALL).toList();
    boolean shared = small.size() > 1;
    Running seals = new Running();
    Map<String, Future<Map<String, String>>> running = new LinkedHashMap<>();
    Map<String, Map<String, String>> sealed = new LinkedHashMap<>();
    Exception failure = null;
    try {
      if (shared) {
        for (Item item : small) {
          running.put(item.id(), THREADS.submit(() -> seals.run(() -> seal.seal(item))));
        }
      }
      for (Item item : items) {
        if (!running.containsKey(item.id())) {
          sealed.put(item.id(), seal.seal(item));
        }
      }
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
    List<Future<Map<String, String>>> left = new ArrayList<>(running.values());
    for (Map.Entry<String, Future<Map<String, String>>> e : running.entrySet()) {
      try {
        sealed.put(e.getKey(), e.getValue().get());
      } catch (ExecutionException failed) {
        Throwable cause = failed.getCause();
        if (cause instanceof Error error) {
          throw error;
        }
        failure = first(failure, (Exception) cause);
      } catch (InterruptedException stop) {
        // stopped: the seals still running are interrupted, and waited for, so that none writes
        // into the package folders once this returns; the package is sealed again later
        seals.stop();
        left.forEach(f -> f.cancel(true));
        seals.awaitNoneRunning();
        Thread.currentThread().interrupt();
        InterruptedIOException interrupted =
            new InterruptedIOException("stopped while sealing the submission's items");
        if (failure != null) {
          interrupted.addSuppressed(failure);
        }
        throw interrupted;
      }
    }
    if (failure instanceof IOException io) {
      throw io;
    }
    if (failure != null) {
      throw (RuntimeException) failure;
    }
    return sealed;
  }

  /** The seals of one call that are running; once stopped, none starts. */
  private static final class Running {
    private int active;
    private boolean stopped;

    Map<String, String> run(Seal.Call call) throws IOException {
      synchronized (this) {
        if (stopped) {
          throw new InterruptedIOException("stopped before this item was sealed");
        }
        active++;
      }
      try {
        return call.seal();
      } finally {
        synchronized (this) {
          active--;
          notifyAll();
        }
      }
    }

    synchronized void stop() {
      stopped = true;
    }

    /** Waits, through interrupts, until no seal of this call runs; the interrupt is kept. */
    synchronized void awaitNoneRunning() {
      boolean interrupted = false;
      while (active > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Exception first(Exception failure, Exception next) {
    if (failure == null) {
      return next;
    }
    failure.addSuppressed(next);
    return failure;
  }

  private static ExecutorService threads() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        Math.max(2, Runtime.getRuntime().availableProcessors()),
        r -> {
          Thread t = new Thread(r, "prex-seal-items-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
