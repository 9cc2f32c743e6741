package org.prex.sftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.prex.files.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which files are being written, across all sessions: every handle open for writing, both ends of
 * every rename in progress, and every upload whose client went away before closing it (incomplete
 * until the lab writes it again and closes it, or removes it). Keys are paths relative to the drop
 * box root, '/'-separated, and follow renames of the file or of a folder above it.
 *
 * <p>Kept on disk too ({@link #OpenWrites(Path)}): every upload open or incomplete is written to a
 * state file when it changes, and read back at start as incomplete, so that neither an upload cut
 * off before a restart nor one the exchange itself was killed in the middle of looks complete
 * afterwards.
 */
final class OpenWrites {
  private static final Logger LOG = LoggerFactory.getLogger(OpenWrites.class);

  /** How a write handle ended: at which path, and whether its client closed it. */
  record Closed(String path, boolean complete) {}

  private final Map<Object, String> writers = new IdentityHashMap<>();
  private final Set<Object> abandoned = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<String> incomplete = new HashSet<>();
  private final Map<String, Integer> renaming = new HashMap<>();

  /**
   * Uploads closed (or renamed into place) less than {@link #SETTLE} ago, with when, on the
   * monotonic clock: a client that closes and reopens to resume gets that long before the file is
   * taken as whole. The server's own time, not the file's, which a client can set.
   */
  private final Map<String, Long> recentlyClosed = new HashMap<>();

  /** How long a closed upload still counts as being written. */
  static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(1);

  private final java.util.function.LongSupplier nanos;
  private final Path stateFile;

  /** In memory only (tests). */
  OpenWrites() {
    this(System::nanoTime);
  }

  /** In memory only, on this monotonic clock (tests). */
  OpenWrites(java.util.function.LongSupplier nanos) {
    this.stateFile = null;
    this.nanos = nanos;
  }

  /**
   * Kept in {@code stateFile} as well; what it holds from before (uploads open or incomplete when
   * the exchange stopped) is incomplete now.
   */
  OpenWrites(Path stateFile) throws IOException {
    this.stateFile = stateFile;
    this.nanos = System::nanoTime;
    if (Files.isRegularFile(stateFile)) {
      for (String line : Files.readAllLines(stateFile, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          incomplete.add(line);
        }
      }
    }
  }

  /** Writes what is open or incomplete, whole (temporary file, then rename). */
  private void save() {
    if (stateFile == null) {
      return;
    }
    Set<String> state = new TreeSet<>(incomplete);
    state.addAll(writers.values());
    Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
    // MINA interrupts a session's thread when the session ends, which is exactly when an upload
    // is cut off; an interrupted thread's file channel closes itself, so the flag waits
    boolean interrupted = Thread.interrupted();
    try {
      OwnerOnly.writeLines(tmp, state);
      Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn(
          "cannot record the uploads in progress in {}: {}", stateFile, e.getClass().getName());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Records that {@code handle} is about to open {@code path} for writing. */
  synchronized void opened(Object handle, String path) {
    writers.put(handle, path);
    save();
  }

  /** Forgets a handle whose file could not be opened. */
  synchronized void forget(Object handle) {
    writers.remove(handle);
    abandoned.remove(handle);
    save();
  }

  /** Marks a write handle still open when its session ended: its file is incomplete. */
  synchronized void abandoned(Object handle) {
    if (writers.containsKey(handle)) {
      abandoned.add(handle);
    }
  }

  /**
   * Ends {@code handle}; returns where it wrote, and whether the upload is complete (closed cleanly
   * by the client), or null if it was not writing.
   */
  synchronized Closed closed(Object handle, boolean cleanly) {
    String path = writers.remove(handle);
    boolean wasAbandoned = abandoned.remove(handle);
    if (path == null) {
      return null;
    }
    boolean complete = cleanly && !wasAbandoned;
    if (complete) {
      incomplete.remove(path);
      recentlyClosed.put(path, nanos.getAsLong());
    } else {
      incomplete.add(path);
    }
    save();
    return new Closed(path, complete);
  }

  /**
   * {@code path} (a file or a folder) was removed: nothing at or below it is incomplete any more.
   */
  synchronized void removed(String path) {
    recentlyClosed.keySet().removeIf(p -> isAtOrBelow(p, path));
    if (incomplete.removeIf(p -> isAtOrBelow(p, path))) {
      save();
    }
  }

  synchronized void renameStarted(String from, String to) {
    renaming.merge(from, 1, Integer::sum);
    renaming.merge(to, 1, Integer::sum);
  }

  /** Ends a rename; if it succeeded, what was at or below {@code from} is now below {@code to}. */
  synchronized void renameEnded(String from, String to, boolean succeeded) {
    renaming.computeIfPresent(from, (k, n) -> n == 1 ? null : n - 1);
    renaming.computeIfPresent(to, (k, n) -> n == 1 ? null : n - 1);
    if (succeeded) {
      writers.replaceAll((handle, path) -> moved(path, from, to));
      Set<String> moved = new HashSet<>();
      incomplete.removeIf(p -> isAtOrBelow(p, from) && moved.add(moved(p, from, to)));
      incomplete.removeIf(p -> isAtOrBelow(p, to)); // whatever was there has been replaced
      incomplete.addAll(moved);
      // what was renamed into place has just arrived there
      Map<String, Long> arrived = new HashMap<>();
      recentlyClosed
          .keySet()
          .removeIf(
              p ->
                  isAtOrBelow(p, from)
                      && arrived.put(moved(p, from, to), nanos.getAsLong()) == null);
      recentlyClosed.putAll(arrived);
      recentlyClosed.put(to, nanos.getAsLong());
      save();
    }
  }

  /**
   * True if {@code path}, or anything below it, is open for writing, being renamed or incomplete.
   */
  synchronized boolean isBeingWritten(String path) {
    return writers.values().stream().anyMatch(p -> isAtOrBelow(p, path))
        || renaming.keySet().stream().anyMatch(p -> isAtOrBelow(p, path))
        || incomplete.stream().anyMatch(p -> isAtOrBelow(p, path));
  }

  /**
   * True if {@code path}, or anything below it, was closed after writing (or renamed into place)
   * less than {@link #SETTLE} ago: whole, but a client that resumes may reopen it yet.
   */
  synchronized boolean isSettling(String path) {
    long now = nanos.getAsLong();
    recentlyClosed.values().removeIf(t -> now - t >= SETTLE.toNanos());
    return recentlyClosed.keySet().stream().anyMatch(p -> isAtOrBelow(p, path));
  }

  /** Work on the file system that may fail. */
  interface FileWork {
    void run() throws IOException;
  }

  /**
   * Runs {@code work} (a removal by the ingest side) unless {@code path}, or anything below it, is
   * being written, in one step with {@link #opened}: an upload opened under the same name cannot
   * slip in between the check and the removal and lose its file.
   *
   * @return false (and nothing done) if it is being written
   */
  synchronized boolean unlessBeingWritten(String path, FileWork work) throws IOException {
    if (isBeingWritten(path)) {
      return false;
    }
    work.run();
    return true;
  }

  /** True if {@code path} itself is open for writing or being renamed now. */
  synchronized boolean isOpen(String path) {
    return writers.containsValue(path) || renaming.containsKey(path);
  }

  /** True if {@code path} is an upload that was cut off (and not written again since). */
  synchronized boolean isIncomplete(String path) {
    return incomplete.contains(path);
  }

  private static String moved(String path, String from, String to) {
    return isAtOrBelow(path, from) ? to + path.substring(from.length()) : path;
  }

  private static boolean isAtOrBelow(String path, String ancestor) {
    if (ancestor.isEmpty()) {
      return true;
    }
    return path.equals(ancestor) || path.startsWith(ancestor + "/");
  }
}
