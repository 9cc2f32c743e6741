package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;
import org.prex.item.Item;
import org.prex.staging.Staging;

/** What the preseal tests share: staging's preseal folder, cards for a folder, a held preseal. */
final class PresealFiles {
  private PresealFiles() {}

  /** Every preseal folder in staging. */
  static List<Path> all(Staging staging) throws Exception {
    Path dir = staging.root().resolve(Staging.PRESEALED);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  /** The preseal folders of one item. */
  static List<Path> of(Staging staging, String item) throws Exception {
    return all(staging).stream()
        .filter(p -> p.getFileName().toString().startsWith(item + "-"))
        .toList();
  }

  /** {@code n} small Markdown cards, their texts told apart by {@code folder}. */
  static List<String> cards(String folder, int n) {
    List<String> cards = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cards.add("# card " + folder + i + "\n");
    }
    return cards;
  }

  /**
   * Replaces the item's staged content by a named pipe: a preseal of it then waits in open(2),
   * which no interrupt ends, until {@link #letGo} opens the pipe for writing.
   */
  static Path pipeFor(Staging staging, Item item) throws Exception {
    Path content = staging.content(item.id());
    Files.delete(content);
    Process p = new ProcessBuilder("mkfifo", content.toString()).inheritIO().start();
    assertEquals(0, p.waitFor());
    assertTrue(Files.exists(content));
    return content;
  }

  /** Opens the pipe for writing and closes it: the reader sees an empty content and goes on. */
  static void letGo(Path pipe, ExecutorService threads) {
    threads.submit(
        () -> {
          try (FileOutputStream out = new FileOutputStream(pipe.toFile())) {
            out.flush();
          }
          return null;
        });
  }

  /** Waits until the item's preseal has begun writing cisa's message (then the content's open). */
  static void awaitPartial(Staging staging, String item) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < until) {
      for (Path dir : of(staging, item)) {
        if (Files.exists(dir.resolve("cisa.partial"))) {
          Thread.sleep(200); // the preseal thread goes on to open the content: the pipe
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("item " + item + " was not being presealed");
  }

  static ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "red-preseal");
      t.setDaemon(true);
      return t;
    };
  }
}
