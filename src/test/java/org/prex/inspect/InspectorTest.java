package org.prex.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.designate.Designation;

/** Inspection in a child JVM: verdicts cross over, overruns and crashes hold the item. */
class InspectorTest {
  @TempDir Path dir;

  static long children() {
    return ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
  }

  @Test
  void aVerdictComesBackFromTheChild_andTheScratchFolderIsEmptiedAtStart() throws Exception {
    Path scratch = Files.createDirectories(dir.resolve("inspect"));
    Files.writeString(scratch.resolve("left-by-a-crash.part"), "plaintext");
    Path f = Files.writeString(dir.resolve("card.md"), "# Card\n\nPROPRIETARY\n\n(S//NF) chain\n");
    try (Inspector inspector =
        new Inspector(
            scratch,
            Duration.ofSeconds(60),
            Map.of("PROPRIETARY", Designation.parse("CUI//SP-PROPIN")),
            1,
            "128m")) {
      assertTrue(!Files.exists(scratch.resolve("left-by-a-crash.part")), "emptied at start");
      Verdict v = inspector.inspect(f, "card.md");
      assertEquals(List.of("CUI//SP-PROPIN"), v.cui());
      assertEquals(List.of("(S//NF)"), v.classified());
      assertTrue(v.complete());
      assertEquals(
          "rwx------",
          java.nio.file.attribute.PosixFilePermissions.toString(
              Files.getPosixFilePermissions(scratch)));
    }
  }

  @Test
  void anItemThatOverrunsTheTimeLimit_isNotInspected_andTheChildIsKilled() throws Exception {
    // every line needs the full marking rules (a '(' before S, a '//'): slow to inspect
    Path big = lines(dir.resolve("big.txt"), "(Sx) words a//b (Cy) PROPRIETARY\n", 8_000_000);
    long before = children();
    try (Inspector inspector = inspector(Duration.ofSeconds(3))) {
      Verdict v = inspector.inspect(big, "big.txt");
      assertEquals("not inspected within the time limit (inspection-timeout PT3S)", v.incomplete());
      assertEquals(before, children(), "the overrunning child is gone");
      // a new child takes the next item (its start is not counted against the item)
      assertTrue(inspector.inspect(ok(), "ok.txt").complete());
    }
    assertEquals(before, children());
  }

  @Test
  void aChildThatDies_holdsTheItem_andTheNextItemGetsANewOne() throws Exception {
    Path big = lines(dir.resolve("big.txt"), "(words) / more PROPRIETARY\n", 6_000_000);
    Path small = ok();
    long before = children();
    try (Inspector inspector = inspector(Duration.ofSeconds(120))) {
      assertTrue(inspector.inspect(small, "ok.txt").complete());
      CompletableFuture<Verdict> v =
          CompletableFuture.supplyAsync(() -> inspector.inspect(big, "big.txt"));
      Thread.sleep(300);
      ProcessHandle child =
          ProcessHandle.current()
              .children()
              .filter(ProcessHandle::isAlive)
              .findFirst()
              .orElseThrow();
      child.destroyForcibly();
      assertEquals(
          "the inspection process died while reading it (out of memory or a crash)",
          v.get(60, TimeUnit.SECONDS).incomplete());
      assertTrue(inspector.inspect(small, "ok.txt").complete());
    }
    assertEquals(before, children());
  }

  /** A text file of one line written that many times. */
  private static Path lines(Path file, String line, int times) throws IOException {
    byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
      for (int i = 0; i < times; i++) {
        out.write(bytes);
      }
    }
    return file;
  }

  /** One child, 128m, no legacy markings, under {@code dir/inspect}. */
  private Inspector inspector(Duration timeLimit) throws Exception {
    return new Inspector(dir.resolve("inspect"), timeLimit, Map.of(), 1, "128m");
  }

  /** A small clean text file, ok.txt. */
  private Path ok() throws IOException {
    return Files.writeString(dir.resolve("ok.txt"), "fine\n");
  }
}
