package org.prex.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No character cap: a clean 2 GiB text is inspected whole in a child JVM with a 64 MiB heap and
 * passes; the same file with a marking on its last line is caught.
 */
class TwoGigabyteTextTest {
  @TempDir Path dir;

  @Test
  void aCleanTwoGigabyteText_passes_andWithAMarkingOnItsLastLine_isCaught() throws Exception {
    Path big = dir.resolve("transcripts.txt");
    byte[] block;
    StringBuilder b = new StringBuilder();
    for (int i = 0; b.length() < (1 << 20) - 100; i++) {
      b.append("turn ").append(i).append(": the model (v2) answered with a/b test results\n");
    }
    block = b.toString().getBytes(StandardCharsets.US_ASCII);
    long size = 0;
    try (OutputStream out = Files.newOutputStream(big)) {
      while (size < (2L << 30)) {
        out.write(block);
        size += block.length;
      }
    }
    try (Inspector inspector =
        new Inspector(dir.resolve("inspect"), Duration.ofMinutes(10), Map.of(), 1, "64m")) {
      long t0 = System.nanoTime();
      Verdict clean = inspector.inspect(big, "transcripts.txt");
      long t1 = System.nanoTime();
      assertTrue(clean.complete(), clean.toString());
      assertEquals(List.of(), clean.classified());
      Files.write(
          big, "SECRET//NOFORN\n".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
      Verdict marked = inspector.inspect(big, "transcripts.txt");
      assertEquals(List.of("SECRET//NOFORN"), marked.classified());
      System.out.printf(
          "2 GiB text inspected in %.1f s (%.0f MB/s)%n",
          (t1 - t0) / 1e9, size / 1e6 / ((t1 - t0) / 1e9));
    }
  }
}
