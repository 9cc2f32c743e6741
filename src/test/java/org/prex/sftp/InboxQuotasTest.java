package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counting a lab's inbox while the ingest side takes files out of it: a file gone between the
 * listing and its attributes is not counted, and the lab's upload is admitted. (A walk that threw
 * on such a file refused the upload with "No such file".)
 */
class InboxQuotasTest {

  @Test
  void filesTakenWhileTheInboxIsCounted_neverRefuseAnUpload(@TempDir Path root) throws Exception {
    Path inbox = Files.createDirectories(root.resolve("acme-ai").resolve(AccessPolicy.INBOX));
    int files = 3_000;
    for (int i = 0; i < files; i++) {
      Files.writeString(inbox.resolve("card-" + i + ".md"), "x");
    }
    InboxQuotas quotas = new InboxQuotas(root, DropBoxLimits.DEFAULT);
    AtomicReference<Exception> taking = new AtomicReference<>();
    Thread taker =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < files; i++) {
                  Files.delete(inbox.resolve("card-" + i + ".md"));
                }
              } catch (Exception e) {
                taking.set(e);
              }
            });
    taker.start();
    int admitted = 0;
    while (taker.isAlive()) {
      quotas.changed("acme-ai"); // as every removal does: counted again at the next open
      quotas.admit("acme-ai", false);
      admitted++;
    }
    taker.join();
    assertEquals(null, taking.get());
    quotas.changed("acme-ai");
    quotas.admit("acme-ai", true);
    assertEquals(true, admitted > 0);
  }

  @Test
  void anAgencysQuota_countsWhatWaitsInItsReturns(@TempDir Path root) throws Exception {
    Path returns = Files.createDirectories(root.resolve("caisi").resolve(AccessPolicy.RETURNS));
    Files.createDirectories(root.resolve("caisi").resolve(AccessPolicy.INBOX));
    DropBoxLimits two = DropBoxLimits.DEFAULT.withQuotas(1_000_000, 2, 1_000, Duration.ofDays(2));
    InboxQuotas quotas = new InboxQuotas(root, two, java.util.Set.of("caisi"));
    quotas.admit("caisi", true);
    Files.writeString(returns.resolve("a.asc"), "x");
    Files.writeString(returns.resolve("b.asc"), "x");
    quotas.changed("caisi");
    Refusal r = assertThrows(Refusal.class, () -> quotas.admit("caisi", true));
    assertTrue(r.getMessage().contains("inbox-files"), r.getMessage());
  }
}
