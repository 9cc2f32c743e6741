package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.sftp.DropBoxFixture.ACME;
import static org.prex.sftp.DropBoxFixture.BETA;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.prex.testing.SftpClient;

/** A lab sees its /inbox and /receipts and nothing else, and cannot change its receipts. */
class LabJailTest {

  @RegisterExtension static final DropBoxFixture fx = DropBoxFixture.perClass();

  @Test
  void listingRoot_isDenied() throws Exception {
    try (SftpClient acme = fx.acme()) {
      assertPermissionDenied(() -> acme.channel().ls("/"));
      assertPermissionDenied(() -> acme.channel().ls(".."));
    }
    assertReported("/", "list");
  }

  @Test
  void readingOtherLabThroughDotDot_isDenied() throws Exception {
    Files.writeString(fx.inbox(BETA).resolve("weights.bin"), "beta's weights");
    try (SftpClient acme = fx.acme()) {
      ChannelSftp sftp = acme.channel();
      assertPermissionDenied(
          () -> sftp.get("../beta/inbox/weights.bin", new ByteArrayOutputStream()));
      assertPermissionDenied(
          () -> sftp.get("../../beta/inbox/weights.bin", new ByteArrayOutputStream()));
      assertPermissionDenied(
          () -> sftp.get("/../beta/inbox/weights.bin", new ByteArrayOutputStream()));
      assertPermissionDenied(
          () -> sftp.get("/beta/inbox/weights.bin", new ByteArrayOutputStream()));
    }
    assertReported("/beta/inbox/weights.bin", "read");
    assertTrue(
        fx.listener.await(e -> e.user().equals(ACME) && e.what().equals("resolve")).isPresent(),
        "climbing above the jail root is reported: " + fx.listener.events());
  }

  @Test
  void otherLabsUploads_areNotVisible() throws Exception {
    Files.writeString(fx.inbox(BETA).resolve("secret-eval.pdf"), "beta only");
    try (SftpClient acme = fx.acme()) {
      Set<String> names = names(acme.channel(), "/inbox");
      assertFalse(names.contains("secret-eval.pdf"), names.toString());
      assertTrue(listingFailsOrIsEmpty(acme.channel(), "/beta/inbox"));
      assertThrows(SftpException.class, () -> acme.channel().stat("/beta/inbox"));
    }
  }

  @Test
  void writingIntoReceipts_isDenied() throws Exception {
    try (SftpClient acme = fx.acme()) {
      assertPermissionDenied(
          () -> acme.channel().put(new ByteArrayInputStream(new byte[3]), "/receipts/forged.asc"));
      assertPermissionDenied(() -> acme.channel().mkdir("/receipts/sub"));
    }
    assertFalse(Files.exists(fx.receipts(ACME).resolve("forged.asc")));
    assertReported("/receipts/forged.asc", "write");
    assertReported("/receipts/sub", "mkdir");
  }

  @Test
  void removingOrRenamingReceipts_isDenied() throws Exception {
    Path receipt = fx.receipts(ACME).resolve("s-9.receipt.asc");
    Files.writeString(receipt, "signed");
    try (SftpClient acme = fx.acme()) {
      ChannelSftp sftp = acme.channel();
      assertPermissionDenied(() -> sftp.rm("/receipts/s-9.receipt.asc"));
      assertPermissionDenied(() -> sftp.rename("/receipts/s-9.receipt.asc", "/receipts/x.asc"));
      assertPermissionDenied(() -> sftp.rename("/receipts/s-9.receipt.asc", "/inbox/x.asc"));
      sftp.put(new ByteArrayInputStream(new byte[3]), "/inbox/fake.asc");
      assertPermissionDenied(() -> sftp.rename("/inbox/fake.asc", "/receipts/fake.asc"));
      assertPermissionDenied(() -> sftp.rmdir("/receipts"));
      assertPermissionDenied(() -> sftp.rmdir("/inbox"));
    }
    assertEquals("signed", Files.readString(receipt));
    assertFalse(Files.exists(fx.receipts(ACME).resolve("fake.asc")));
    assertReported("/receipts/s-9.receipt.asc", "remove");
    assertReported("/receipts/s-9.receipt.asc", "rename");
    assertReported("/inbox/fake.asc", "rename");
  }

  @Test
  void creatingAnythingAtRoot_isDenied() throws Exception {
    try (SftpClient acme = fx.acme()) {
      assertPermissionDenied(() -> acme.channel().mkdir("/outbox"));
      assertPermissionDenied(
          () -> acme.channel().put(new ByteArrayInputStream(new byte[3]), "/model.bin"));
    }
    assertFalse(Files.exists(fx.root.resolve(ACME).resolve("outbox")));
    assertFalse(Files.exists(fx.root.resolve(ACME).resolve("model.bin")));
    assertReported("/outbox", "mkdir");
    assertReported("/model.bin", "write");
  }

  @Test
  void links_areDenied() throws Exception {
    try (SftpClient acme = fx.acme()) {
      acme.channel().put(new ByteArrayInputStream(new byte[3]), "/inbox/a.bin");
      assertPermissionDenied(() -> acme.channel().symlink("/etc/passwd", "/inbox/passwd"));
      assertPermissionDenied(() -> acme.channel().symlink("../receipts", "/inbox/r"));
      assertPermissionDenied(() -> acme.channel().hardlink("/inbox/a.bin", "/inbox/b.bin"));
    }
    assertFalse(
        Files.exists(fx.inbox(ACME).resolve("passwd"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertReported("/inbox/passwd", "link");
  }

  @Test
  void symlinkPlantedOnTheHost_leadsNowhere() throws Exception {
    Path outside = Files.createDirectories(fx.dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "host secret");
    Files.createSymbolicLink(fx.inbox(ACME).resolve("escape"), outside);
    Files.createSymbolicLink(fx.inbox(ACME).resolve("file-link"), outside.resolve("secret.txt"));
    try (SftpClient acme = fx.acme()) {
      ChannelSftp sftp = acme.channel();
      Set<String> names = names(sftp, "/inbox");
      assertFalse(names.contains("escape"), names.toString());
      assertFalse(names.contains("file-link"), names.toString());
      assertThrows(
          SftpException.class,
          () -> sftp.get("/inbox/escape/secret.txt", new ByteArrayOutputStream()));
      assertPermissionDenied(() -> sftp.get("/inbox/file-link", new ByteArrayOutputStream()));
      assertPermissionDenied(
          () -> sftp.put(new ByteArrayInputStream(new byte[3]), "/inbox/escape/dropped.txt"));
      assertTrue(listingFailsOrIsEmpty(sftp, "/inbox/escape"));
    }
    assertFalse(Files.exists(outside.resolve("dropped.txt")));
    assertEquals("host secret", Files.readString(outside.resolve("secret.txt")));
  }

  @Test
  void ownershipChanges_areDenied_permissionChangesIgnored() throws Exception {
    try (SftpClient acme = fx.acme()) {
      acme.channel().put(new ByteArrayInputStream(new byte[3]), "/inbox/attrs.bin");
      acme.channel().chmod(0000, "/inbox/attrs.bin");
      acme.channel().setMtime("/inbox/attrs.bin", 1_700_000_000);
      assertPermissionDenied(() -> acme.channel().chown(0, "/inbox/attrs.bin"));
      assertPermissionDenied(() -> acme.channel().chmod(0777, "/receipts"));
    }
    Path file = fx.inbox(ACME).resolve("attrs.bin");
    assertTrue(Files.isReadable(file), "chmod 000 must not lock the exchange out");
    assertEquals(1_700_000_000L, Files.getLastModifiedTime(file).toMillis() / 1000);
  }

  @Test
  void labs_cannotUseTheIngestAccountsView() throws Exception {
    try (SftpClient beta = fx.beta()) {
      assertTrue(listingFailsOrIsEmpty(beta.channel(), "/acme-ai/inbox"));
      assertThrows(SftpException.class, () -> beta.channel().stat("/acme-ai/inbox"));
      assertPermissionDenied(
          () -> beta.channel().put(new ByteArrayInputStream(new byte[1]), "/acme-ai/receipts/x"));
    }
  }

  static Set<String> names(ChannelSftp sftp, String dir) throws SftpException {
    return sftp.ls(dir).stream()
        .map(ChannelSftp.LsEntry::getFilename)
        .filter(n -> !n.equals(".") && !n.equals(".."))
        .collect(Collectors.toSet());
  }

  /** A path that does not exist in the lab's view lists as "no such file", like in any chroot. */
  static boolean listingFailsOrIsEmpty(ChannelSftp sftp, String dir) {
    try {
      return names(sftp, dir).isEmpty();
    } catch (SftpException e) {
      return true;
    }
  }

  static void assertPermissionDenied(Executable action) {
    SftpException e = assertThrows(SftpException.class, action);
    assertEquals(ChannelSftp.SSH_FX_PERMISSION_DENIED, e.id, "expected permission denied: " + e);
  }

  private static void assertReported(String path, String operation) throws InterruptedException {
    assertTrue(
        fx.listener.await(RecordingListener.Kind.ACCESS_DENIED, ACME, path, operation).isPresent(),
        "expected accessDenied("
            + ACME
            + ", "
            + path
            + ", "
            + operation
            + ") in "
            + fx.listener.events());
  }
}
