package org.prex.sftp;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Which files are being written right now, across all sessions: every handle open for writing, and
 * both ends of every rename in progress. Keys are paths relative to the drop box root, '/'-separated.
 * A handle's path follows renames of the file or of a folder above it.
 */
final class OpenWrites {

  private final Map<Object, String> writers = new IdentityHashMap<>();
  private final Map<String, Integer> renaming = new HashMap<>();

  /** Records that {@code handle} is about to open {@code path} for writing. */
  synchronized void opened(Object handle, String path) {
    writers.put(handle, path);
  }

  /** Forgets {@code handle}; returns the path it was writing at the end, or null if not tracked. */
  synchronized String closed(Object handle) {
    return writers.remove(handle);
  }

  synchronized void renameStarted(String from, String to) {
    renaming.merge(from, 1, Integer::sum);
    renaming.merge(to, 1, Integer::sum);
  }

  /** Ends a rename; if it succeeded, handles writing at or below {@code from} now write below {@code to}. */
  synchronized void renameEnded(String from, String to, boolean succeeded) {
    renaming.computeIfPresent(from, (k, n) -> n == 1 ? null : n - 1);
    renaming.computeIfPresent(to, (k, n) -> n == 1 ? null : n - 1);
    if (succeeded) {
      writers.replaceAll((handle, path) -> moved(path, from, to));
    }
  }

  /** True if {@code path}, or anything below it, is open for writing or being renamed. */
  synchronized boolean isBeingWritten(String path) {
    return writers.values().stream().anyMatch(p -> isAtOrBelow(p, path))
        || renaming.keySet().stream().anyMatch(p -> isAtOrBelow(p, path));
  }

  private static String moved(String path, String from, String to) {
    if (path.equals(from)) {
      return to;
    }
    return isAtOrBelow(path, from) ? to + path.substring(from.length()) : path;
  }

  private static boolean isAtOrBelow(String path, String ancestor) {
    if (ancestor.isEmpty()) {
      return true;
    }
    return path.equals(ancestor) || path.startsWith(ancestor + "/");
  }
}
