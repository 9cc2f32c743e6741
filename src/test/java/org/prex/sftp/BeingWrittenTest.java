package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.sftp.DropBoxFixture.ACME;

import java.io.OutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prex.testing.SftpClient;

/** The ingest side can tell which uploads are still in progress. */
class BeingWrittenTest {

  @RegisterExtension static final DropBoxFixture fx = DropBoxFixture.perClass();

  @Test
  void uploadHeldOpen_isBeingWritten_untilClosed() throws Exception {
    String path = "acme-ai/inbox/weights.bin";
    assertFalse(fx.box.isBeingWritten(path));
    try (SftpClient acme = fx.acme()) {
      OutputStream upload = acme.channel().put("weights.bin");
      upload.write(new byte[100_000]);
      upload.flush();

      assertTrue(fx.box.isBeingWritten(path));
      assertTrue(fx.box.isBeingWritten("/acme-ai/inbox/weights.bin"), "leading '/' is fine");
      assertTrue(fx.box.isBeingWritten("acme-ai/inbox"), "a folder holding an upload");
      assertTrue(fx.box.isBeingWritten("acme-ai"));
      assertFalse(fx.box.isBeingWritten("acme-ai/inbox/other.bin"));
      assertFalse(fx.box.isBeingWritten("acme-ai/inbox/weights"));
      assertFalse(fx.box.isBeingWritten("beta/inbox/weights.bin"));

      upload.close();
      assertFalse(fx.box.isBeingWritten(path));
    }
    assertTrue(
        fx.listener.await(RecordingListener.Kind.UPLOAD_CLOSED, ACME, path, "100000").isPresent(),
        fx.listener.events().toString());
  }

  @Test
  void readingAFile_isNotWritingIt() throws Exception {
    java.nio.file.Files.writeString(fx.inbox(ACME).resolve("card.md"), "card");
    try (SftpClient acme = fx.acme()) {
      try (var in = acme.channel().get("card.md")) {
        assertFalse(fx.box.isBeingWritten("acme-ai/inbox/card.md"));
        in.readAllBytes();
      }
    }
  }

  @Test
  void renamingAnOpenUpload_movesItsPath() throws Exception {
    try (SftpClient acme = fx.acme();
        SftpClient other = fx.acme()) {
      other.channel().mkdir("run");
      OutputStream upload = acme.channel().put("run/eval.part");
      upload.write(new byte[10]);
      upload.flush();
      other.channel().rename("run/eval.part", "run/eval.pdf");
      other.channel().rename("run", "run-1");

      assertTrue(fx.box.isBeingWritten("acme-ai/inbox/run-1/eval.pdf"));
      assertFalse(fx.box.isBeingWritten("acme-ai/inbox/run/eval.part"));
      upload.close();
      assertFalse(fx.box.isBeingWritten("acme-ai/inbox/run-1/eval.pdf"));
    }
    assertTrue(
        fx.listener
            .await(RecordingListener.Kind.UPLOAD_CLOSED, ACME, "acme-ai/inbox/run-1/eval.pdf", "10")
            .isPresent(),
        fx.listener.events().toString());
  }

  @Test
  void uploadCutOff_staysBeingWritten_untilTheLabRedoesIt() throws Exception {
    String path = "acme-ai/inbox/cut-off.bin";
    cutOff("cut-off.bin", 1000);

    assertTrue(
        fx.listener.await(RecordingListener.Kind.UPLOAD_ABANDONED, ACME, path, null).isPresent(),
        fx.listener.events().toString());
    assertTrue(fx.box.isBeingWritten(path), "a cut-off upload must not be taken");
    assertTrue(
        fx.listener.events().stream()
            .noneMatch(e -> e.kind() == RecordingListener.Kind.UPLOAD_CLOSED),
        fx.listener.events().toString());

    try (SftpClient acme = fx.acme()) {
      acme.channel().put(new java.io.ByteArrayInputStream(new byte[2000]), "cut-off.bin");
    }
    assertFalse(fx.box.isBeingWritten(path), "uploaded again and closed: complete");
  }

  @Test
  void uploadCutOff_thenRemovedByTheLab_isForgotten() throws Exception {
    String path = "acme-ai/inbox/given-up.bin";
    cutOff("given-up.bin", 10);
    assertTrue(
        fx.listener.await(RecordingListener.Kind.UPLOAD_ABANDONED, ACME, path, null).isPresent());

    try (SftpClient acme = fx.acme()) {
      acme.channel().rm("given-up.bin");
    }
    assertFalse(fx.box.isBeingWritten(path));
  }

  @Test
  void pathsOutsideTheRoot_areNeverBeingWritten() {
    assertFalse(fx.box.isBeingWritten("../acme-ai/inbox/x"));
    assertFalse(fx.box.isBeingWritten("acme-ai/../../etc"));
  }

  /** acme-ai uploads that many bytes of a file into its inbox, and its connection drops. */
  private static void cutOff(String name, int size) throws Exception {
    SftpClient dying = fx.acme();
    OutputStream upload = dying.channel().put(name);
    upload.write(new byte[size]);
    upload.flush();
    dying.dropConnection();
  }
}
