package org.prex.deliver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTargetTest {

  @Test
  void aPackageAppearsWhole_andTheSameTransferIsNeverWrittenTwice(@TempDir Path dir)
      throws Exception {
    Path pkg = dir.resolve("staged/t-1");
    Files.createDirectories(pkg);
    Files.write(pkg.resolve("manifest.json.pgp"), new byte[] {1, 2});
    Files.write(pkg.resolve("i-1.pgp"), new byte[] {3});
    FileTarget target = FileTarget.of("file:outbox/caisi", dir);
    target.put(pkg, "t-1");
    assertTrue(target.has("t-1"));
    assertArrayEquals(new byte[] {3}, Files.readAllBytes(dir.resolve("outbox/caisi/t-1/i-1.pgp")));
    Files.delete(pkg.resolve("i-1.pgp"));
    Files.write(pkg.resolve("i-1.pgp"), new byte[] {9, 9});
    target.put(pkg, "t-1");
    assertArrayEquals(
        new byte[] {3},
        Files.readAllBytes(dir.resolve("outbox/caisi/t-1/i-1.pgp")),
        "a transfer already delivered is left as it was");
    assertEquals(List.of("t-1"), names(dir.resolve("outbox/caisi")));
  }

  @Test
  void aTransfersHalfWrittenPackage_isRemovedWhenItIsPut_othersKept(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("outbox/cisa");
    Files.createDirectories(out.resolve(".t-2.partial"));
    Files.write(out.resolve(".t-2.partial/i-2.pgp"), new byte[] {1});
    Files.createDirectories(out.resolve(".t-4.r1.partial")); // another lane's, in flight
    Files.createDirectories(out.resolve("t-3"));
    Path pkg = dir.resolve("staged/t-2");
    Files.createDirectories(pkg);
    Files.write(pkg.resolve("i-2.pgp"), new byte[] {2});
    FileTarget target = FileTarget.of("file:outbox/cisa", dir);
    target.put(pkg, "t-2");
    assertFalse(Files.exists(out.resolve(".t-2.partial")));
    assertTrue(Files.exists(out.resolve(".t-4.r1.partial")));
    assertTrue(target.has("t-2"));
    assertTrue(target.has("t-3"));
  }

  private static List<String> names(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
