package org.prex.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.prex.designate.Designation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inspects items out of process (docs/inspection.md, "Isolation"): each inspection runs in a child
 * JVM ({@link InspectWorker}) with its own heap limit, reused from item to item. prex gives each
 * item {@code timeout}; a child that has not answered by then is killed (with whatever parser
 * thread was stuck in it) and the item is held as "not inspected within the time limit". A child
 * that dies (out of memory, a crash) holds the item too. Lab content unpacked while inspecting
 * stays in a private folder under the data folder, emptied at start.
 *
 * <p>Thread-safe: up to {@code workers} items are inspected at once, one per child.
 */
public final class Inspector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Inspector.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path scratch;
  private final Duration timeout;
  private final Map<String, String> legacy;
  private final String heap;
  private final boolean ocr;

  /** Free slots, most recently used first: a started (warm) child is reused before a cold one. */
  private final java.util.concurrent.BlockingDeque<Slot> slots;

  /** Counts down as each child has started (or failed to), once. */
  private final java.util.concurrent.CountDownLatch warming;

  /** Each lab's one turn at the inspection processes. */
  private final Map<String, java.util.concurrent.Semaphore> labTurns =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final List<Worker> all = new ArrayList<>();
  private final ObjectMapper json = new ObjectMapper();
  private int started;
  private volatile boolean closed;

  /**
   * @param scratch the private scratch folder; emptied now
   * @param heap the child's maximum heap, e.g. "512m"
   */
  public Inspector(
      Path scratch,
      Duration timeout,
      Map<String, Designation> legacyMarkings,
      int workers,
      String heap)
      throws IOException {
    this.scratch = scratch;
    this.timeout = timeout;
    this.legacy = new LinkedHashMap<>();
    legacyMarkings.forEach((k, v) -> legacy.put(k, v.toString()));
    this.heap = heap;
    // -Dprex.inspect.ocr=false turns OCR off (images are then held or delivered by the policy)
    this.ocr = !"false".equals(System.getProperty("prex.inspect.ocr")) && Ocr.available();
    this.slots = new java.util.concurrent.LinkedBlockingDeque<>(workers);
    this.warming = new java.util.concurrent.CountDownLatch(workers);
    for (int i = 0; i < workers; i++) {
      slots.add(new Slot(i));
    }
    empty(scratch);
    // every child starts now, in the background: its JVM and Tika take seconds to load
    for (Slot slot : List.copyOf(slots)) {
      Thread warm =
          new Thread(
              () -> {
                // each its own slot, unless an inspection took it first (and so starts it)
                boolean mine = slots.remove(slot);
                try {
                  if (mine) {
                    slot.ensureStarted();
                  }
                } finally {
                  if (mine) {
                    slots.addFirst(slot);
                  }
                  warming.countDown();
                }
              },
              "prex-inspect-start-" + slot.index);
      warm.setDaemon(true);
      warm.start();
    }
  }

  /**
   * Waits until every child has started (or failed to start, to be tried again at its first
   * inspection), at most {@code timeout}: {@code prex serve} says it is ready only then, so that a
   * first upload does not wait seconds for a JVM.
   *
   * @return whether all of them were through in time
   */
  public boolean awaitStarted(Duration timeout) throws InterruptedException {
    return warming.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Whether images are read with Tesseract here. */
  public boolean ocr() {
    return ocr;
  }

  /** Empties (or makes) the scratch folder, 0700: nothing a crashed inspection left survives. */
  private static void empty(Path scratch) throws IOException {
    if (Files.exists(scratch)) {
      try (var walk = Files.walk(scratch)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          if (!p.equals(scratch)) {
            Files.delete(p);
          }
        }
      }
    } else {
      Files.createDirectories(scratch);
    }
    Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx------"));
  }

  /**
   * Inspects one staged file. Never throws for what the content does: a time-out, a crash or
   * anything else that stops the inspection gives a verdict that is not complete.
   *
   * @throws InspectionAbandoned when prex is stopping (closed, or this thread interrupted): no
   *     verdict, the item is handled again at the next start
   */
  public Verdict inspect(Path file, String name) {
    return inspect(file, name, null);
  }

  /**
   * As {@link #inspect(Path, String)}, for a lab's file: a lab holds at most one inspection process
   * at a time, so that its submissions handled at once never take every process from the other labs
   * (docs/threat-model.md).
   */
  public Verdict inspect(Path file, String name, String lab) {
    if (lab == null) {
      return inspectInSlot(file, name);
    }
    java.util.concurrent.Semaphore turn =
        labTurns.computeIfAbsent(lab, l -> new java.util.concurrent.Semaphore(1, true));
    try {
      turn.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InspectionAbandoned("not inspected: prex is stopping");
    }
    try {
      return inspectInSlot(file, name);
    } finally {
      turn.release();
    }
  }

  private Verdict inspectInSlot(Path file, String name) {
    if (closed) {
      throw new InspectionAbandoned("not inspected: prex is stopping");
    }
    Slot slot;
    try {
      slot = slots.takeFirst();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InspectionAbandoned("not inspected: prex is stopping");
    }
    try {
      return slot.inspect(file, name);
    } finally {
      slots.addFirst(slot);
    }
  }

  @Override
  public void close() {
    closed = true;
    List<Worker> running;
    synchronized (all) {
      running = List.copyOf(all);
    }
    running.forEach(Worker::kill);
  }

  /** One place for a child: started when first needed, started again after it was killed. */
  private final class Slot {
    private final int index;
    private Worker worker;

    Slot(int index) {
      this.index = index;
    }

    /** Starts this slot's child unless it runs; false if it could not start. */
    boolean ensureStarted() {
      if (closed) {
        return false;
      }
      try {
        if (worker == null || !worker.alive()) {
          worker = new Worker(index);
        }
        return true;
      } catch (IOException e) {
        worker = null;
        return false;
      }
    }

    Verdict inspect(Path file, String name) {
      if (!ensureStarted()) {
        if (closed || Thread.currentThread().isInterrupted()) {
          throw new InspectionAbandoned("not inspected: prex is stopping");
        }
        return Verdict.notInspected("not inspected: the inspection process could not start");
      }
      String request;
      try {
        request = json.writeValueAsString(new InspectWorker.Request(file.toString(), name, legacy));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String answer = worker.ask(request, timeout);
      if (answer == null && (closed || Thread.currentThread().isInterrupted())) {
        worker.kill();
        worker = null;
        throw new InspectionAbandoned("not inspected: prex is stopping");
      }
      if (answer == null) {
        boolean timedOut = worker.alive();
        worker.kill();
        worker = null;
        return Verdict.notInspected(
            timedOut
                ? "not inspected within the time limit (inspection-timeout " + timeout + ")"
                : "the inspection process died while reading it (out of memory or a crash)");
      }
      try {
        return json.readValue(answer, Verdict.class);
      } catch (IOException e) {
        worker.kill();
        worker = null;
        return Verdict.notInspected("the inspection process gave no verdict");
      }
    }
  }

  /** A child JVM and the thread that reads its answers. */
  private final class Worker {
    private final Process process;
    private final Path tmp;
    private final OutputStream stdin;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    Worker(int index) throws IOException {
      tmp = scratch.resolve("w" + index + "-" + (++started));
      Files.createDirectories(tmp);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx" + heap);
      cmd.add("-XX:+ExitOnOutOfMemoryError");
      cmd.add("-XX:+UseSerialGC");
      cmd.add("-Djava.io.tmpdir=" + tmp);
      cmd.add("-Dpdfbox.fontcache=" + tmp);
      cmd.add("-Djava.awt.headless=true");
      cmd.add("-cp");
      cmd.add(System.getProperty("prex.inspect.classpath", System.getProperty("java.class.path")));
      cmd.add(InspectWorker.class.getName());
      cmd.add(tmp.toString());
      cmd.add(Boolean.toString(ocr));
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
      process = pb.start();
      synchronized (all) {
        all.add(this);
      }
      stdin = process.getOutputStream();
      if (closed) {
        kill();
        throw new IOException("prex is stopping");
      }
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    answers.add(line);
                  }
                } catch (IOException e) {
                  // the child is gone: the waiting inspection times out or sees it dead
                }
              },
              "prex-inspect-reader-" + index);
      reader.setDaemon(true);
      reader.start();
      String ready = await(START_TIMEOUT);
      if (ready == null || !ready.contains("\"ready\"")) {
        kill();
        throw new IOException("inspection process did not start");
      }
      LOG.debug("inspection process {} started (pid {})", index, process.pid());
    }

    boolean alive() {
      return process.isAlive();
    }

    /** Sends one request; its answer, or null when none came in time or the child died. */
    String ask(String request, Duration limit) {
      try {
        stdin.write((request + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
      } catch (IOException e) {
        return null;
      }
      return await(limit);
    }

    /** The next answer, or null when none comes within {@code limit} or the child is gone. */
    private String await(Duration limit) {
      long deadline = System.nanoTime() + limit.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        String a = poll(Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200))));
        if (a != null) {
          return a;
        }
        if (closed || Thread.currentThread().isInterrupted()) {
          return null; // stopping: the caller says so, rather than spin until the deadline
        }
        if (!process.isAlive() && answers.isEmpty()) {
          return null;
        }
      }
    }

    private String poll(Duration d) {
      try {
        return answers.poll(d.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    void kill() {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (all) {
        all.remove(this);
      }
      // what the killed child had unpacked
      try (var walk = Files.walk(tmp)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        LOG.warn("could not empty the inspection scratch folder {}", tmp);
      }
    }
  }
}
