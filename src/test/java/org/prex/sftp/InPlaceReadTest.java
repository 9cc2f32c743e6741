package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.sftp.DropBoxFixture.ACME;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prex.testing.SftpClient;

/**
 * The exchange reads its embedded drop box's files in place (no SFTP on the loopback), with the
 * refusals the ingest account's SFTP read gets: nothing being written, nothing through a link,
 * nothing outside the root, nothing that is not a regular file.
 */
class InPlaceReadTest {

  @RegisterExtension static final DropBoxFixture fx = DropBoxFixture.perClass();

  @Test
  void aWholeUpload_readsAsTheLabSentIt() throws Exception {
    byte[] sent = new byte[300_000];
    new java.util.Random(7).nextBytes(sent);
    try (SftpClient acme = fx.acme();
        OutputStream upload = acme.channel().put("model.bin")) {
      upload.write(sent);
    }
    try (InputStream in = fx.box.openForIngest("acme-ai/inbox/model.bin")) {
      assertArrayEquals(sent, in.readAllBytes());
    }
  }

  @Test
  void anUploadStillOpen_isRefused_namingWhy() throws Exception {
    try (SftpClient acme = fx.acme()) {
      OutputStream upload = acme.channel().put("open.bin");
      upload.write(new byte[10_000]);
      upload.flush();
      AccessDeniedException e =
          assertThrows(
              AccessDeniedException.class, () -> fx.box.openForIngest("acme-ai/inbox/open.bin"));
      assertTrue(e.getMessage().contains("still being written"), e.getMessage());
      upload.close();
    }
  }

  @Test
  void aPathThroughASymbolicLink_isRefused() throws Exception {
    Path outside = Files.createTempFile("outside", ".txt");
    Files.writeString(outside, "not the drop box's");
    Path inbox = fx.inbox(ACME);
    Files.createSymbolicLink(inbox.resolve("link.txt"), outside);
    Files.createSymbolicLink(inbox.resolve("dir-link"), outside.getParent());
    assertThrows(AccessDeniedException.class, () -> fx.box.openForIngest("acme-ai/inbox/link.txt"));
    assertThrows(
        AccessDeniedException.class,
        () -> fx.box.openForIngest("acme-ai/inbox/dir-link/" + outside.getFileName()));
  }

  @Test
  void aPathOutOfTheRoot_orAFolder_isRefused() throws Exception {
    IOException climbing =
        assertThrows(IOException.class, () -> fx.box.openForIngest("acme-ai/../../etc/passwd"));
    assertTrue(climbing.getMessage().contains("not a path in the drop box"), climbing.getMessage());
    assertThrows(IOException.class, () -> fx.box.openForIngest(""));
    Files.createDirectories(fx.inbox(ACME).resolve("folder"));
    IOException folder =
        assertThrows(IOException.class, () -> fx.box.openForIngest("acme-ai/inbox/folder"));
    assertTrue(folder.getMessage().contains("not a regular file"), folder.getMessage());
  }
}
