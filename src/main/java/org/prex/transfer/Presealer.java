package org.prex.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.prex.files.OwnerOnly;
import org.prex.item.Ids;
import org.prex.item.Item;
import org.prex.seal.PublicCert;
import org.prex.seal.SealFormat;
import org.prex.seal.Sealer;
import org.prex.staging.Staging;
import org.prex.submission.Submission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals a large item, while it is still being inspected, to the agencies its designation before
 * inspection would reach (docs/tuning.md, "Fourth round"): the two steps that cost most overlap.
 * Nothing presealed leaves staging on its own. The seal step, once inspection and routing are done,
 * takes an agency's presealed message only if that agency is routed the item and its key and packet
 * format are still the ones sealed to; it seals the rest itself, and what it does not take is
 * removed. Inspection can only raise a designation, so what it changes costs a seal, never lets
 * anything through.
 *
 * <p>Large items one at a time (each agency's message on its own thread, as the seal step does:
 * with one thread the seal outlasted the inspection and left a core idle), and only items from
 * {@link #MIN_BYTES} up to a size whose inspection stays well inside the policy's inspection time
 * limit while a seal shares the cores.
 *
 * <p>The small items of a folder ({@link #SMALL_BATCH} or more, each within the same size bound)
 * are presealed one after another on a thread of their own, in the order they are inspected:
 * inspection takes them one by one through one inspection process, which leaves the other core to
 * the seals. One the seal step asks for before its preseal has begun is not presealed at all: the
 * seal step seals it itself, at once.
 */
public final class Presealer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Presealer.class);

  /** Smaller items are presealed only as part of a folder ({@link #SMALL_BATCH}). */
  public static final long MIN_BYTES = 64L << 20;

  /**
   * Small items a submission must have for them to be presealed: a folder's. A loose file is one
   * item, inspected in a moment, and a lab's loose files already keep the cores busy side by side.
   */
  public static final int SMALL_BATCH = 8;

  /**
   * Bytes per second of inspection time limit an item may have to be presealed: about a third of
   * what the strings scan reads of random content on the project's 2-core machine while a seal
   * shares the cores, so that a presealed item is never pushed past the time limit.
   */
  static final long BYTES_PER_LIMIT_SECOND = 16L << 20;

  /** What was presealed for one item, per agency. */
  record Presealed(Path dir, Map<String, Message> messages) {}

  /** One agency's message: the file, the key and format it was sealed to, its bytes' SHA-256. */
  record Message(Path file, String fingerprint, SealFormat format, String sha256) {}

  private final Sealer sealer;
  private final Staging staging;
  private final Function<String, PublicCert> certs;
  private final Function<String, SealFormat> formats;
  private final long maxBytes;
  private final long minBytes;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();

  /** Every job not yet ended, taken or not: close() cancels them all, so no take() waits on. */
  private final java.util.Set<Job> live = ConcurrentHashMap.newKeySet();

  private volatile boolean closed;
  private final ThreadPoolExecutor worker = oneThread("prex-preseal");

  /** The small items of folders, one after another (queued, each skipped once taken). */
  private final ThreadPoolExecutor smallWorker = oneThread("prex-preseal-small");

  private static ThreadPoolExecutor oneThread(String name) {
    return new ThreadPoolExecutor(
        0,
        1,
        30,
        TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * One item's preseal. Whichever comes second, its end or its discarding, removes its files: a
   * preseal discarded while it runs is never left behind, and one taken is never removed.
   */
  private static final class Job {
    private Future<?> running;
    private Presealed result;
    private boolean begun;
    private boolean ended;
    private boolean discarded;

    /** Whether the preseal may begin: not if it was taken or discarded while it waited its turn. */
    synchronized boolean begin() {
      begun = !discarded;
      return begun;
    }

    /** The preseal ended with {@code r} (null: it failed, having removed its files). */
    void end(Presealed r) {
      boolean drop;
      synchronized (this) {
        ended = true;
        result = discarded ? null : r;
        drop = discarded && r != null;
      }
      if (drop) {
        remove(r);
      }
    }

    /**
     * No package will take it: removes its files now, or has the preseal remove them at its end.
     */
    void discard() {
      Presealed r;
      Future<?> f;
      synchronized (this) {
        discarded = true;
        r = result;
        result = null;
        f = running;
      }
      if (r != null) {
        remove(r);
      }
      if (f != null) {
        f.cancel(true);
      }
    }

    /**
     * Waits for the preseal to end and hands over what it made, or null. A preseal that has not
     * begun never will: null at once, and the caller seals the item itself.
     */
    Presealed take() throws InterruptedException {
      Future<?> f;
      boolean begunAlready;
      synchronized (this) {
        begunAlready = begun;
        discarded |= !begun;
        f = running;
      }
      if (!begunAlready) {
        // cancelled, not left queued with its item until the thread reaches it: a thread stuck on
        // one preseal would otherwise keep every later folder's items live
        f.cancel(false);
        return null;
      }
      try {
        f.get();
      } catch (ExecutionException | java.util.concurrent.CancellationException e) {
        // the preseal removed its own files
      }
      synchronized (this) {
        Presealed r = result;
        result = null;
        return ended ? r : null;
      }
    }

    /** Cancels the preseal (a waiting take() returns null); what it made is removed at its end. */
    void cancel() {
      Future<?> f;
      synchronized (this) {
        discarded = true;
        f = running;
      }
      if (f != null) {
        f.cancel(true);
      }
    }

    synchronized boolean endedAlready() {
      return ended;
    }
  }

  Presealer(
      Sealer sealer,
      Staging staging,
      Function<String, PublicCert> certs,
      Function<String, SealFormat> formats,
      Duration inspectionLimit,
      long minBytes) {
    this.minBytes = minBytes;
    this.sealer = sealer;
    this.staging = staging;
    this.certs = certs;
    this.formats = formats;
    this.maxBytes = Math.max(0, inspectionLimit.toSeconds()) * BYTES_PER_LIMIT_SECOND;
  }

  /**
   * Starts presealing the first large item of {@code submission} that {@code agencies} names any
   * agency for, unless a large item's preseal is already running (then no large one is started);
   * and queues the preseals of its small items if it has {@link #SMALL_BATCH} or more.
   *
   * @param agencies the agencies an item would be routed to as designated before inspection
   */
  public void start(Submission submission, Function<Item, List<String>> agencies) {
    if (closed) {
      return;
    }
    forgetGone();
    Map<String, Boolean> usable = new java.util.HashMap<>();
    List<Item> small =
        submission.deliverable().stream()
            .filter(i -> i.staged().size() < minBytes && i.staged().size() <= maxBytes)
            .filter(i -> !jobs.containsKey(i.id()))
            .toList();
    if (small.size() >= SMALL_BATCH) {
      for (Item item : small) {
        List<String> to = usableAgencies(agencies.apply(item), usable);
        if (!to.isEmpty()) {
          submit(item, to, smallWorker, null);
        }
      }
    }
    for (Item item : submission.deliverable()) {
      long size = item.staged().size();
      if (size < minBytes || size > maxBytes || jobs.containsKey(item.id())) {
        continue;
      }
      List<String> to = usableAgencies(agencies.apply(item), usable);
      if (to.isEmpty() || !busy.compareAndSet(false, true)) {
        return;
      }
      submit(item, to, worker, busy);
      return;
    }
  }

  /** Those of {@code agencies} whose key can be encrypted to now (asked once per agency). */
  private List<String> usableAgencies(List<String> agencies, Map<String, Boolean> usable) {
    List<String> to = new ArrayList<>();
    for (String agency : agencies) {
      boolean ok =
          usable.computeIfAbsent(
              agency,
              a -> {
                PublicCert cert = certs.apply(a);
                return cert != null && cert.encryptionProblems(java.time.Instant.now()).isEmpty();
              });
      if (ok) {
        to.add(agency);
      }
    }
    return to;
  }

  /**
   * Queues {@code item}'s preseal on {@code on}; {@code busy}, if given, is set while it is queued
   * or runs, and cleared when it ends.
   */
  private void submit(Item item, List<String> to, ThreadPoolExecutor on, AtomicBoolean busy) {
    Job job = new Job();
    try {
      synchronized (job) {
        jobs.put(item.id(), job);
        java.util.concurrent.FutureTask<Void> task =
            new java.util.concurrent.FutureTask<>(
                () -> {
                  if (!job.begin()) {
                    job.end(null); // taken or discarded before its turn: nothing to make
                    return null;
                  }
                  Presealed r = null;
                  try {
                    r = preseal(item, to);
                  } catch (IOException | RuntimeException e) {
                    LOG.warn(
                        "presealing item {} failed ({}); it is sealed after inspection instead",
                        item.id(),
                        e.getClass().getSimpleName());
                  } finally {
                    job.end(r);
                  }
                  return null;
                }) {
              @Override
              protected void done() {
                // ended, failed, or cancelled (even before it began): the next may start
                live.remove(job);
                if (busy != null) {
                  busy.set(false);
                }
              }
            };
        live.add(job);
        job.running = task;
        on.execute(task);
      }
      if (closed) {
        // close() may have looked at the jobs before this one was added: no one else removes it
        discard(item.id());
      }
    } catch (RuntimeException e) {
      jobs.remove(item.id());
      live.remove(job);
      if (busy != null) {
        busy.set(false);
      }
      LOG.warn("cannot start presealing item {}: {}", item.id(), e.getClass().getSimpleName());
    }
  }

  /**
   * Takes what was presealed for {@code itemId}, waiting for a preseal still running; null when
   * nothing was, or it failed (the seal step then seals everything itself).
   */
  Presealed take(String itemId) {
    Job job = jobs.remove(itemId);
    if (job == null) {
      return null;
    }
    try {
      return job.take();
    } catch (InterruptedException e) {
      job.discard();
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * Removes what was presealed of {@code submission}'s items, and what is still being presealed
   * once it stops: they are held, rejected, failed or answered, and no package will take it.
   */
  public void discard(Submission submission) {
    submission.items().forEach(i -> discard(i.id()));
  }

  /** As {@link #discard(Submission)}, for one item. */
  public void discard(String itemId) {
    Job job = jobs.remove(itemId);
    if (job != null) {
      job.discard();
    }
  }

  /** The routes stopped (a reload, a stop): nothing presealed will be taken; all of it goes. */
  @Override
  public void close() {
    closed = true;
    for (String itemId : List.copyOf(jobs.keySet())) {
      discard(itemId);
    }
    // a job already taken, whose seal step waits for it: cancelled, so that it seals itself
    for (Job job : List.copyOf(live)) {
      job.cancel();
    }
    worker.shutdownNow();
    smallWorker.shutdownNow();
  }

  /** The agency's presealed message if it was sealed to {@code cert} in {@code format}. */
  static Message usable(Presealed p, String agency, PublicCert cert, SealFormat format) {
    Message m = p.messages().get(agency);
    if (m == null || !m.fingerprint().equals(cert.fingerprint()) || m.format() != format) {
      return null;
    }
    return Files.isRegularFile(m.file()) ? m : null;
  }

  /** Removes what is left of a preseal once taken. */
  static void remove(Presealed p) {
    try {
      TransferSealer.deleteTree(p.dir());
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot remove a preseal in staging: {}", e.getClass().getSimpleName());
    }
  }

  private Presealed preseal(Item item, List<String> agencies) throws IOException {
    Path dir = staging.root().resolve(Staging.PRESEALED).resolve(item.id() + "-" + Ids.transfer());
    OwnerOnly.createFolders(dir);
    Map<String, PublicCert> used = new LinkedHashMap<>();
    Map<String, Path> files = new LinkedHashMap<>();
    for (String agency : agencies) {
      used.put(agency, certs.apply(agency));
      files.put(agency, dir.resolve(agency + ".partial"));
    }
    try {
      Map<String, String> hashes =
          TransferSealer.sealToFiles(sealer, staging, item, files, used::get, formats);
      Map<String, Message> messages = new LinkedHashMap<>();
      for (String agency : agencies) {
        Path whole = dir.resolve(agency + ".pgp");
        Files.move(files.get(agency), whole);
        messages.put(
            agency,
            new Message(
                whole, used.get(agency).fingerprint(), formats.apply(agency), hashes.get(agency)));
      }
      return new Presealed(dir, messages);
    } catch (IOException | RuntimeException | Error e) {
      try {
        TransferSealer.deleteTree(dir);
      } catch (IOException removing) {
        e.addSuppressed(removing);
      }
      throw e;
    }
  }

  /** Forgets, and removes, preseals of items no longer in staging (held, rejected, failed). */
  private void forgetGone() {
    for (Map.Entry<String, Job> e : jobs.entrySet()) {
      if (e.getValue().endedAlready() && !Files.exists(staging.content(e.getKey()))) {
        discard(e.getKey());
      }
    }
  }
}
