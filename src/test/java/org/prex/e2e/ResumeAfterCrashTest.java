package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.item.Ids;
import org.prex.item.Sha256;
import org.prex.item.StagedItem;
import org.prex.seal.DecryptionKey;
import org.prex.seal.PublicCert;
import org.prex.staging.Staging;
import org.prex.submission.StagedSubmission;
import org.prex.testing.Await;
import org.prex.testing.OpenedPackage;
import org.prex.testing.RunningExchange;
import org.prex.testing.Trees;

/**
 * An item staged when the exchange died (it had left the drop box, so staging is its only place of
 * custody) is picked up at the next start and delivered once to every eligible agency; a stage that
 * never finished (no submission.json) is discarded, since its upload is still in the drop box.
 */
class ResumeAfterCrashTest {

  @Test
  void itemsStagedBeforeACrash_areDeliveredAfterRestart(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Staging staging = new Staging(d.staging());
    byte[] content =
        "evaluation report, staged before the crash\n".getBytes(StandardCharsets.UTF_8);
    String itemId = Ids.item();
    Files.createDirectories(staging.itemDir(itemId));
    Files.write(staging.content(itemId), content);
    var sha = Sha256.newDigest();
    sha.update(content);
    commitLooseFile(staging, itemId, "eval.txt", content.length, Sha256.hex(sha), "k-" + itemId);
    String aborted = Ids.item();
    Files.createDirectories(staging.itemDir(aborted));
    Files.write(staging.content(aborted), "half an upload".getBytes(StandardCharsets.UTF_8));

    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      exchange.awaitOnePackageEach("the staged item delivered", Duration.ofSeconds(60));
      PublicCert signer = PublicCert.read(d.keys().resolve("exchange/signing.pub.asc"));
      for (String agency : RunningExchange.ELIGIBLE) {
        OpenedPackage p =
            OpenedPackage.open(
                exchange.transfers(agency).get(0),
                DecryptionKey.read(exchange.agencySecret(agency), new char[0]),
                signer);
        assertArrayEquals(content, p.itemsByName().get("eval.txt"));
      }
      Await.until(
          "staging emptied", Duration.ofSeconds(10), () -> Trees.files(d.staging()).isEmpty());
    }
    try (RunningExchange again = RunningExchange.start(root, d, null)) {
      // time for a wrong second delivery to happen; none may
      Thread.sleep(2000);
      for (String agency : RunningExchange.ELIGIBLE) {
        assertEquals(
            1, again.transfers(agency).size(), "delivered once, not again on a later start");
      }
    }
  }

  @Test
  void anUploadStagedButStillInTheDropBox_isDeliveredOnce(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Staging staging = new Staging(d.staging());
    byte[] content =
        "staged, then the exchange died before the drop box copy went\n"
            .getBytes(StandardCharsets.UTF_8);
    String itemId = Ids.item();
    Files.createDirectories(staging.itemDir(itemId));
    Files.write(staging.content(itemId), content);
    var sha = Sha256.newDigest();
    sha.update(content);
    String contentSha = Sha256.hex(sha);
    Path inbox = d.dropBox().resolve("acme-ai/inbox");
    Files.createDirectories(inbox);
    Files.write(inbox.resolve("card.md"), content);
    // as the drop box reports it over SFTP: whole seconds
    long modified = Files.getLastModifiedTime(inbox.resolve("card.md")).toMillis() / 1000 * 1000;
    commitLooseFile(
        staging,
        itemId,
        "card.md",
        content.length,
        contentSha,
        StagedItem.uploadKey("acme-ai", "card.md", content.length, modified, contentSha));
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      Await.until(
          "the drop box copy removed",
          Duration.ofSeconds(60),
          () -> !Files.exists(inbox.resolve("card.md")));
      exchange.awaitOnePackageEach("delivered", Duration.ofSeconds(60));
      // time for a wrong second delivery to happen; none may
      Thread.sleep(2000);
      for (String agency : RunningExchange.ELIGIBLE) {
        assertEquals(1, exchange.transfers(agency).size(), agency + ": once, not twice");
      }
    }
  }

  /** Stages a loose file as the stager would have, up to its commit point. */
  private static void commitLooseFile(
      Staging staging, String itemId, String path, long size, String sha, String uploadKey)
      throws java.io.IOException {
    String submissionId = Ids.submission();
    String now = Instant.now().toString();
    commitAcme(
        staging,
        submissionId,
        now,
        uploadKey,
        null,
        List.of(StagedItem.loose(itemId, submissionId, "acme-ai", path, size, sha, now, uploadKey)),
        path);
  }

  /** Commits a submission of lab acme-ai, as its intake would have, up to the commit point. */
  private static void commitAcme(
      Staging staging,
      String submissionId,
      String receivedAt,
      String uploadKey,
      org.prex.submission.Declared declared,
      List<StagedItem> items,
      String uploadedAs)
      throws java.io.IOException {
    staging.commit(
        new StagedSubmission(
            submissionId,
            "acme-ai",
            receivedAt,
            uploadKey,
            declared,
            null,
            List.of(),
            items,
            uploadedAs));
  }

  @Test
  void aFolderCommittedButStillInTheDropBox_isDeliveredOnce_andOnlyRemoved(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Staging staging = new Staging(d.staging());
    byte[] card = "# Model card, taken just before the crash\n".getBytes(StandardCharsets.UTF_8);
    byte[] manifest =
        String.join(
                "\n",
                "reference: crash-test",
                "release-date: " + java.time.LocalDate.now().plusDays(5),
                "items:",
                "  - path: card.md",
                "")
            .getBytes(StandardCharsets.UTF_8);
    Path folder = d.dropBox().resolve("acme-ai/inbox/crash-test");
    Files.createDirectories(folder);
    Files.write(folder.resolve("card.md"), card);
    Files.write(folder.resolve("submission.yaml"), manifest);
    String submissionId = Ids.submission();
    String itemId = Ids.item();
    Files.createDirectories(staging.itemDir(itemId));
    Files.write(staging.content(itemId), card);
    var sha = Sha256.newDigest();
    sha.update(card);
    String now = Instant.now().toString();
    commitAcme(
        staging,
        submissionId,
        now,
        folderKey(folder.resolve("submission.yaml"), "acme-ai/inbox/crash-test/submission.yaml"),
        new org.prex.submission.Declared(
            "crash-test", null, null, "2099-01-01", null, List.of(), null),
        List.of(
            new StagedItem(
                itemId,
                submissionId,
                "acme-ai",
                "card.md",
                card.length,
                Sha256.hex(sha),
                now,
                folderKey(folder.resolve("card.md"), "acme-ai/inbox/crash-test/card.md"),
                null,
                4,
                true)),
        "crash-test");

    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      Await.until("the folder removed", Duration.ofSeconds(60), () -> !Files.exists(folder));
      exchange.awaitOnePackageEach("delivered", Duration.ofSeconds(60));
      // time for a wrong second delivery to happen; none may
      Thread.sleep(3000);
      for (String agency : RunningExchange.ELIGIBLE) {
        assertEquals(1, exchange.transfers(agency).size(), agency + ": once, not twice");
      }
      // the folder still in the drop box is taken once more, only to be answered: not handled
      Await.until(
          "the copy left in the drop box answered",
          Duration.ofSeconds(30),
          () -> rejectedAsIdenticalTo(d, submissionId));
    }
  }

  private static boolean rejectedAsIdenticalTo(Deployment d, String submissionId) {
    try (AuditLog log = AuditLog.openReadOnly(d.data())) {
      return log.list(AuditQuery.all()).stream()
          .anyMatch(
              e ->
                  e.type() == EventType.REJECTED
                      && e.reason().contains("already taken as submission " + submissionId));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The key the folder intake gives a file of a submission folder, from what SFTP reports. */
  private static String folderKey(Path file, String relative) throws java.io.IOException {
    long modified = Files.getLastModifiedTime(file).toMillis() / 1000 * 1000;
    return StagedItem.uploadKey("acme-ai", relative, Files.size(file), modified, "folder");
  }
}
