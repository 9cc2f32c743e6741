package org.prex.sftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.HashMap;
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

  /**
   * Uploads cut off, each with the identity its file had then ({@link SharedUploads#identity}; null
   * in memory only): incomplete while the file is still that one. Written again since, by this node
   * or the other of a pair, it is that writer's to tell.
   */
  private final Map<String, String> incomplete = new HashMap<>();

  /**
   * In a pair: uploads closed whole here, with their files' identity then, while the file is still
   * that one; the other node's cut-off of the same file lapses (SharedUploads#WHOLE).
   */
  private final Map<String, String> closedWhole = new HashMap<>();

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

  /** The other drop boxes on this root, or null when this one is alone (tests). */
  private final SharedUploads shared;

  /** In memory only (tests). */
  OpenWrites() {
    this(System::nanoTime);
  }

  /** In memory only, on this monotonic clock (tests). */
  OpenWrites(java.util.function.LongSupplier nanos) {
    this.stateFile = null;
    this.shared = null;
    this.nanos = nanos;
  }

  /**
   * Kept in {@code stateFile} as well; what it holds from before (uploads open or incomplete when
   * the exchange stopped) is incomplete now.
   */
  OpenWrites(Path stateFile) throws IOException {
    this(stateFile, null, System::nanoTime);
  }

  /**
   * Kept in its own record among the drop boxes sharing a root ({@link SharedUploads}), whose
   * records it also reads: what they write is being written here too.
   */
  OpenWrites(SharedUploads shared) throws IOException {
    this(shared, System::nanoTime);
  }

  /** As above, on this monotonic clock (tests). */
  OpenWrites(SharedUploads shared, java.util.function.LongSupplier nanos) throws IOException {
    this(shared.ownRecord(), shared, nanos);
  }

  private OpenWrites(Path stateFile, SharedUploads shared, java.util.function.LongSupplier nanos)
      throws IOException {
    this.stateFile = stateFile;
    this.shared = shared;
    this.nanos = nanos;
    if (Files.isRegularFile(stateFile)) {
      for (String line : Files.readAllLines(stateFile, StandardCharsets.UTF_8)) {
        // an upload closed, or being renamed, when the exchange stopped is not incomplete: a
        // rename cut off before its reply is redone by the lab, whose client saw no success
        SharedUploads.Line l = SharedUploads.Line.parse(line);
        if (l != null
            && (l.kind() == SharedUploads.Kind.OPEN || l.kind() == SharedUploads.Kind.CUT)) {
          incomplete.put(
              l.path(), l.kind() == SharedUploads.Kind.CUT ? l.identity() : identity(l.path()));
        }
      }
    }
  }

  /**
   * Writes what is open or incomplete, whole (temporary file, then rename); a failure is logged: a
   * record left behind only ever names more than is being written.
   */
  private void save() {
    try {
      saveOrThrow();
    } catch (IOException e) {
      LOG.warn(
          "cannot record the uploads in progress in {}: {}", stateFile, e.getClass().getName());
    }
  }

  /**
   * As {@link #save}, but a failure is thrown: an upload or rename the other drop boxes on this
   * root cannot be told of must not begin.
   */
  private void saveOrThrow() throws IOException {
    if (stateFile == null) {
      return;
    }
    Set<String> state = state();
    // MINA interrupts a session's thread when the session ends, which is exactly when an upload
    // is cut off; an interrupted thread's file channel closes itself, so the flag waits
    boolean interrupted = Thread.interrupted();
    try {
      if (shared == null) {
        write(state);
      } else {
        shared.exclusive(
            () -> {
              write(state);
              return null;
            });
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** What the record says: open or incomplete; for the others, being renamed or just closed. */
  private Set<String> state() {
    Set<String> state = new TreeSet<>();
    incomplete.forEach((p, id) -> state.add(id == null ? p : SharedUploads.CUT + id + " " + p));
    if (shared != null && shared.paired()) {
      closedWhole.entrySet().removeIf(e -> !e.getValue().equals(identity(e.getKey())));
      closedWhole.forEach((p, id) -> state.add(SharedUploads.WHOLE + id + " " + p));
    }
    state.addAll(writers.values());
    if (shared != null) {
      // what the other drop boxes on this root must not take yet either
      renaming.keySet().forEach(p -> state.add(SharedUploads.RENAMING + p));
      long now = nanos.getAsLong();
      recentlyClosed.forEach(
          (p, t) -> {
            if (now - t < SETTLE.toNanos()) {
              state.add(SharedUploads.CLOSED + p);
            }
          });
    }
    return state;
  }

  private void write(Set<String> state) throws IOException {
    // '~' is in no node's name: the temporary file is never taken for another node's record
    Path tmp = stateFile.resolveSibling(stateFile.getFileName() + "~");
    OwnerOnly.writeLines(tmp, state);
    Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Records that {@code handle} is about to open {@code path} for writing. */
  synchronized void opened(Object handle, String path) throws IOException {
    writers.put(handle, path);
    if (shared == null) {
      save();
      return;
    }
    try {
      saveOrThrow();
    } catch (IOException e) {
      writers.remove(handle);
      save();
      throw new IOException("cannot record the upload for the other node", e);
    }
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
      if (shared != null && shared.paired()) {
        closedWhole.put(path, identity(path));
      }
      recentlyClosed.put(path, nanos.getAsLong());
    } else {
      incomplete.put(path, identity(path));
    }
    save();
    return new Closed(path, complete);
  }

  /**
   * {@code path} (a file or a folder) was removed: nothing at or below it is incomplete any more.
   */
  synchronized void removed(String path) {
    recentlyClosed.keySet().removeIf(p -> isAtOrBelow(p, path));
    closedWhole.keySet().removeIf(p -> isAtOrBelow(p, path));
    if (incomplete.keySet().removeIf(p -> isAtOrBelow(p, path))) {
      save();
    }
  }

  synchronized void renameStarted(String from, String to) throws IOException {
    if (shared != null && (shared.writing(from) || shared.writing(to))) {
      // what the other node is writing, or has cut off, is its to move: its record would not
      // follow the file here
      throw new java.nio.file.AccessDeniedException(
          from, to, "still being written through the other node");
    }
    renaming.merge(from, 1, Integer::sum);
    renaming.merge(to, 1, Integer::sum);
    if (shared == null) {
      return;
    }
    try {
      saveOrThrow();
    } catch (IOException e) {
      renameEnded(from, to, false);
      throw new IOException("cannot record the rename for the other node", e);
    }
  }

  /** Ends a rename; if it succeeded, what was at or below {@code from} is now below {@code to}. */
  synchronized void renameEnded(String from, String to, boolean succeeded) {
    renaming.computeIfPresent(from, (k, n) -> n == 1 ? null : n - 1);
    renaming.computeIfPresent(to, (k, n) -> n == 1 ? null : n - 1);
    if (succeeded) {
      writers.replaceAll((handle, path) -> moved(path, from, to));
      Map<String, String> moved = new HashMap<>();
      incomplete
          .entrySet()
          .removeIf(
              e ->
                  isAtOrBelow(e.getKey(), from)
                      && moved.put(moved(e.getKey(), from, to), e.getValue()) == null);
      // whatever was there has been replaced
      incomplete.keySet().removeIf(p -> isAtOrBelow(p, to));
      incomplete.putAll(moved); // a rename keeps a file's identity
      Map<String, String> movedWhole = new HashMap<>();
      closedWhole
          .entrySet()
          .removeIf(
              e ->
                  isAtOrBelow(e.getKey(), from)
                      && movedWhole.put(moved(e.getKey(), from, to), e.getValue()) == null);
      closedWhole.keySet().removeIf(p -> isAtOrBelow(p, to));
      closedWhole.putAll(movedWhole);
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
    }
    if (succeeded || shared != null) {
      save();
    }
  }

  /**
   * True if {@code path}, or anything below it, is open for writing, being renamed or incomplete.
   */
  synchronized boolean isBeingWritten(String path) {
    return writers.values().stream().anyMatch(p -> isAtOrBelow(p, path))
        || renaming.keySet().stream().anyMatch(p -> isAtOrBelow(p, path))
        || incomplete.entrySet().stream()
            .anyMatch(e -> isAtOrBelow(e.getKey(), path) && stillCut(e.getKey(), e.getValue()))
        || (shared != null && shared.writing(path));
  }

  /**
   * True if {@code path}, or anything below it, was closed after writing (or renamed into place)
   * less than {@link #SETTLE} ago: whole, but a client that resumes may reopen it yet.
   */
  synchronized boolean isSettling(String path) {
    long now = nanos.getAsLong();
    recentlyClosed.values().removeIf(t -> now - t >= SETTLE.toNanos());
    return recentlyClosed.keySet().stream().anyMatch(p -> isAtOrBelow(p, path))
        || (shared != null && shared.settling(path, SETTLE));
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
    if (shared == null) {
      return runUnlessBeingWritten(path, work);
    }
    // in one step with the other drop boxes' records too
    return shared.exclusive(() -> runUnlessBeingWritten(path, work));
  }

  private boolean runUnlessBeingWritten(String path, FileWork work) throws IOException {
    // nor an upload into an inbox just closed: a lab that wrote it again while it was being taken
    // keeps its new version (the ingest side's own writes, receipts, are not uploads)
    if (isBeingWritten(path) || (isInInbox(path) && isSettling(path))) {
      return false;
    }
    work.run();
    return true;
  }

  /**
   * Takes over the records of drop boxes on this root that have stopped running: what they had open
   * or cut off is incomplete here now, as it would have been at their own restart.
   */
  void adoptDead() throws IOException {
    if (shared == null) {
      return;
    }
    shared.adoptDead(
        paths -> {
          synchronized (this) {
            incomplete.putAll(paths);
            // strictly: the dead node's record goes once this one holds its paths
            shared.exclusive(
                () -> {
                  write(state());
                  return null;
                });
          }
          if (!paths.isEmpty()) {
            LOG.info(
                "{} upload(s) left open by a drop box that stopped are incomplete here now",
                paths.size());
          }
        });
    forgetSuperseded();
  }

  /** Forgets uploads cut off whose files have been written or replaced since. */
  private synchronized void forgetSuperseded() {
    if (incomplete.entrySet().removeIf(e -> !stillCut(e.getKey(), e.getValue()))) {
      save();
    }
  }

  /** True if {@code path} itself is open for writing or being renamed now. */
  synchronized boolean isOpen(String path) {
    return writers.containsValue(path)
        || renaming.containsKey(path)
        || (shared != null && shared.named(path));
  }

  /** True if {@code path} is an upload that was cut off (and not written again since). */
  synchronized boolean isIncomplete(String path) {
    return incomplete.containsKey(path) && stillCut(path, incomplete.get(path));
  }

  private static String moved(String path, String from, String to) {
    return isAtOrBelow(path, from) ? to + path.substring(from.length()) : path;
  }

  /** Whether a root-relative path is in a lab's inbox ({@code lab/inbox/...}). */
  private static boolean isInInbox(String path) {
    String[] parts = path.split("/", 3);
    return parts.length >= 2 && parts[1].equals(AccessPolicy.INBOX);
  }

  /** The identity of the file at {@code path} now, or null in memory only. */
  private String identity(String path) {
    return shared == null ? null : shared.identity(path);
  }

  /**
   * Whether an upload cut off as {@code id} is still that file, and not finished through the other
   * node of a pair since (null: in memory, always).
   */
  private boolean stillCut(String path, String id) {
    if (id == null) {
      return true;
    }
    String now = identity(path);
    return SharedUploads.stillCut(id, now)
        && !now.equals(closedWhole.get(path))
        && !(shared.paired() && shared.closedWholeElsewhere(path, now));
  }

  /**
   * Whether {@code path} is an upload cut off here, or is being written (or was cut off) through
   * the other node: not one open here now.
   */
  synchronized boolean isWrittenElsewhere(String path) {
    return isIncomplete(path) || (shared != null && shared.writing(path));
  }

  private static boolean isAtOrBelow(String path, String ancestor) {
    return SharedUploads.isAtOrBelow(path, ancestor);
  }
}
