package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.sftp.DropBoxFixture.ACME;
import static org.prex.sftp.DropBoxFixture.BETA;
import static org.prex.sftp.LabJailTest.assertPermissionDenied;
import static org.prex.sftp.LabJailTest.names;

import com.jcraft.jsch.ChannelSftp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prex.testing.SftpClient;

/** The exchange's own account takes uploads out of inboxes and writes receipts; nothing more. */
class IngestAccessTest {

  private static final String INGEST = DropBox.INGEST_USER;

  @RegisterExtension static final DropBoxFixture fx = DropBoxFixture.perClass();

  @Test
  void ingest_seesLabsAndTheirAreas_only() throws Exception {
    Files.createDirectories(fx.root.resolve("not-a-lab/inbox"));
    Files.createDirectories(fx.root.resolve(ACME).resolve("stray"));
    try (SftpClient ingest = fx.ingest()) {
      assertEquals("/", ingest.channel().pwd());
      assertEquals(Set.of(ACME, BETA, DropBoxFixture.CAISI), names(ingest.channel(), "/"));
      assertEquals(Set.of("returns", "notices"), names(ingest.channel(), DropBoxFixture.CAISI));
      assertEquals(Set.of("inbox", "receipts", "findings"), names(ingest.channel(), ACME));
      assertPermissionDenied(() -> ingest.channel().ls("/not-a-lab/inbox"));
      assertPermissionDenied(() -> ingest.channel().ls("/acme-ai/stray"));
    }
  }

  @Test
  void ingest_listsReadsAndRemovesUploads() throws Exception {
    Path inbox = fx.inbox(ACME);
    Files.writeString(inbox.resolve("model-card.md"), "# card");
    Files.createDirectories(inbox.resolve("aurora"));
    Files.writeString(inbox.resolve("aurora/submission.yaml"), "reference: x");
    try (SftpClient ingest = fx.ingest()) {
      ChannelSftp sftp = ingest.channel();
      assertTrue(names(sftp, "acme-ai/inbox").containsAll(Set.of("model-card.md", "aurora")));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      sftp.get("acme-ai/inbox/model-card.md", out);
      assertEquals("# card", out.toString(StandardCharsets.UTF_8));
      sftp.rm("acme-ai/inbox/model-card.md");
      sftp.rm("/acme-ai/inbox/aurora/submission.yaml");
      sftp.rmdir("/acme-ai/inbox/aurora");
    }
    assertFalse(Files.exists(inbox.resolve("model-card.md")));
    assertFalse(Files.exists(inbox.resolve("aurora")));
  }

  @Test
  void ingest_writesReceiptUnderTempNameThenRenames() throws Exception {
    try (SftpClient ingest = fx.ingest()) {
      ChannelSftp sftp = ingest.channel();
      sftp.put(bytes("first try"), "acme-ai/receipts/s-1.receipt.asc.inprogress");
      sftp.put(bytes("signed receipt"), "acme-ai/receipts/s-1.receipt.asc.inprogress");
      sftp.rename(
          "acme-ai/receipts/s-1.receipt.asc.inprogress", "acme-ai/receipts/s-1.receipt.asc");
      sftp.put(bytes("stale"), "acme-ai/receipts/old.tmp");
      sftp.rm("acme-ai/receipts/old.tmp");
    }
    assertEquals("signed receipt", Files.readString(fx.receipts(ACME).resolve("s-1.receipt.asc")));
    assertFalse(Files.exists(fx.receipts(ACME).resolve("old.tmp")));
  }

  @Test
  void ingest_cannotWriteIntoInboxes() throws Exception {
    Files.writeString(fx.inbox(ACME).resolve("weights.bin"), "weights");
    try (SftpClient ingest = fx.ingest()) {
      ChannelSftp sftp = ingest.channel();
      assertPermissionDenied(() -> sftp.put(bytes("x"), "acme-ai/inbox/planted.bin"));
      assertPermissionDenied(() -> sftp.put(bytes("x"), "acme-ai/inbox/weights.bin"));
      assertPermissionDenied(() -> sftp.mkdir("acme-ai/inbox/dir"));
      assertPermissionDenied(
          () -> sftp.rename("acme-ai/inbox/weights.bin", "acme-ai/inbox/weights.old"));
      assertPermissionDenied(
          () -> sftp.rename("acme-ai/inbox/weights.bin", "acme-ai/receipts/weights.bin"));
      assertPermissionDenied(() -> sftp.chmod(0600, "acme-ai/inbox/weights.bin"));
    }
    assertFalse(Files.exists(fx.inbox(ACME).resolve("planted.bin")));
    assertEquals("weights", Files.readString(fx.inbox(ACME).resolve("weights.bin")));
    assertTrue(
        fx.listener
            .await(
                RecordingListener.Kind.ACCESS_DENIED, INGEST, "/acme-ai/inbox/planted.bin", "write")
            .isPresent(),
        fx.listener.events().toString());
  }

  @Test
  void ingest_cannotTouchAnythingElse() throws Exception {
    Files.writeString(fx.receipts(BETA).resolve("s-2.receipt.asc"), "signed");
    try (SftpClient ingest = fx.ingest()) {
      ChannelSftp sftp = ingest.channel();
      assertPermissionDenied(() -> sftp.put(bytes("x"), "/top.bin"));
      assertPermissionDenied(() -> sftp.put(bytes("x"), "/beta/top.bin"));
      assertPermissionDenied(() -> sftp.mkdir("/newlab"));
      assertPermissionDenied(() -> sftp.mkdir("/beta/receipts/sub"));
      assertPermissionDenied(() -> sftp.rmdir("/beta/inbox"));
      assertPermissionDenied(
          () -> sftp.get("/beta/receipts/s-2.receipt.asc", new ByteArrayOutputStream()));
      assertPermissionDenied(
          () -> sftp.rename("/beta/receipts/s-2.receipt.asc", "/acme-ai/receipts/s-2.receipt.asc"));
      assertPermissionDenied(() -> sftp.symlink("/etc", "/beta/receipts/etc"));
      assertPermissionDenied(() -> sftp.ls("/.."));
    }
  }

  @Test
  void ingest_cannotTakeOrRemoveAFileStillBeingWritten() throws Exception {
    try (SftpClient acme = fx.acme();
        SftpClient ingest = fx.ingest()) {
      OutputStream upload = acme.channel().put("/inbox/weights.safetensors");
      upload.write(new byte[64 * 1024]);
      upload.flush();
      assertPermissionDenied(
          () ->
              ingest
                  .channel()
                  .get("acme-ai/inbox/weights.safetensors", new ByteArrayOutputStream()));
      assertPermissionDenied(() -> ingest.channel().rm("acme-ai/inbox/weights.safetensors"));
      upload.close();
      ByteArrayOutputStream taken = new ByteArrayOutputStream();
      ingest.channel().get("acme-ai/inbox/weights.safetensors", taken);
      assertEquals(64 * 1024, taken.size());
      // closed less than a second ago, it may not be removed yet (the lab may write it again
      // while it is taken); the ingest side's read lock waits that long anyway
      assertPermissionDenied(() -> ingest.channel().rm("acme-ai/inbox/weights.safetensors"));
      Thread.sleep(OpenWrites.SETTLE.toMillis() + 100);
      ingest.channel().rm("acme-ai/inbox/weights.safetensors");
    }
    assertTrue(
        fx.listener.events().stream().noneMatch(e -> e.user().equals(INGEST)),
        "a busy file is routine for ingest, not a security event: " + fx.listener.events());
  }

  private static ByteArrayInputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
