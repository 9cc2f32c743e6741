package org.prex.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing a folder with everything in it. */
public final class Trees {
  private Trees() {}

  /**
   * Deletes {@code root} and everything under it, deepest first; nothing when it does not exist.
   * Stops at the first entry it cannot delete: callers decide whether that is best effort or a
   * failure.
   */
  public static void deleteIfExists(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
