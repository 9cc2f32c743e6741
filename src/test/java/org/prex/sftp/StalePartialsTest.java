package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partial uploads nobody finishes go, in labs' inboxes and in agencies' returns alike. */
class StalePartialsTest {

  private static Path file(Path root, String path, Instant written) throws Exception {
    Path f = root.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, "partial");
    Files.setLastModifiedTime(f, FileTime.from(written));
    return f;
  }

  @Test
  void stalePartials_goFromInboxesAndReturns_othersStay(@TempDir Path root) throws Exception {
    Instant now = Instant.now();
    Instant old = now.minus(Duration.ofDays(3));
    Path labPartial = file(root, "acme-ai/inbox/big.bin.filepart", old);
    Path agencyPartial = file(root, "caisi/returns/findings-1/report.pdf.filepart", old);
    Path youngPartial = file(root, "caisi/returns/ack.asc.filepart", now.minusSeconds(60));
    Path finished = file(root, "caisi/returns/ack.asc", old);
    Path notAnArea = file(root, "caisi/notices/x.filepart", old);
    StalePartials sweep =
        new StalePartials(
            root,
            Set.of("acme-ai"),
            Set.of("caisi"),
            new OpenWrites(),
            new InboxQuotas(root, DropBoxLimits.DEFAULT, Set.of("caisi")),
            Duration.ofDays(2));
    assertEquals(2, sweep.sweep(now));
    assertFalse(Files.exists(labPartial));
    assertFalse(Files.exists(agencyPartial));
    assertTrue(Files.exists(youngPartial), "not stale yet");
    assertTrue(Files.exists(finished), "a finished upload is the review route's to take");
    assertTrue(Files.exists(notAnArea), "only where the account uploads");
  }
}
