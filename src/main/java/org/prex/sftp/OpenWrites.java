package org.prex.sftp;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which files are being written, across all sessions: every handle open for writing, both ends of
 * every rename in progress, and every upload whose client went away before closing it (incomplete
 * until the lab writes it again and closes it, or removes it). Keys are paths relative to the drop
 * box root, '/'-separated, and follow renames of the file or of a folder above it.
 *
 * <p>Held in memory only: after a restart, an upload that was cut off looks complete.
 */
final class OpenWrites {

  /** How a write handle ended: at which path, and whether its client closed it. */
  record Closed(String path, boolean complete) {}

  private final Map<Object, String> writers = new IdentityHashMap<>();
  private final Set<Object> abandoned = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<String> incomplete = new HashSet<>();
  private final Map<String, Integer> renaming = new HashMap<>();

  /** Records that {@code handle} is about to open {@code path} for writing. */
  synchronized void opened(Object handle, String path) {
    writers.put(handle, path);
  }

  /** Forgets a handle whose file could not be opened. */
  synchronized void forget(Object handle) {
    writers.remove(handle);
    abandoned.remove(handle);
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
    } else {
      incomplete.add(path);
    }
    return new Closed(path, complete);
  }

  /**
   * {@code path} (a file or a folder) was removed: nothing at or below it is incomplete any more.
   */
  synchronized void removed(String path) {
    incomplete.removeIf(p -> isAtOrBelow(p, path));
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
