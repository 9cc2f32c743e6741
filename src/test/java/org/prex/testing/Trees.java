package org.prex.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Files under a folder, for asserting where content is (and is not). */
public final class Trees {
  private Trees() {}

  /**
   * Every regular file under dir (none if it does not exist). The exchange may be removing folders
   * meanwhile: a walk that loses a folder under it is simply taken again.
   */
  public static List<Path> files(Path dir) {
    for (int attempt = 0; ; attempt++) {
      if (!Files.isDirectory(dir)) {
        return List.of();
      }
      try (Stream<Path> s = Files.walk(dir)) {
        return s.filter(Files::isRegularFile).sorted().toList();
      } catch (IOException | UncheckedIOException e) {
        if (attempt == 20) {
          throw new IllegalStateException("cannot list " + dir, e);
        }
      }
    }
  }
}
