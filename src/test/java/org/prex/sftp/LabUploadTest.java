package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prex.testing.SftpClient;

class LabUploadTest {

  @RegisterExtension static final DropBoxFixture fx = DropBoxFixture.perClass();

  @Test
  void start_createsInboxAndReceiptsForEveryLab() {
    for (String lab : new String[] {DropBoxFixture.ACME, DropBoxFixture.BETA}) {
      assertTrue(Files.isDirectory(fx.inbox(lab)), lab + " inbox");
      assertTrue(Files.isDirectory(fx.receipts(lab)), lab + " receipts");
    }
  }

  @Test
  void labLogin_startsInItsInbox() throws Exception {
    try (SftpClient acme = fx.acme()) {
      assertEquals("/inbox", acme.channel().pwd());
    }
  }

  @Test
  void jschUpload_landsInLabInbox() throws Exception {
    byte[] card = "# Aurora model card\n".getBytes(StandardCharsets.UTF_8);
    try (SftpClient acme = fx.acme()) {
      acme.channel().put(new ByteArrayInputStream(card), "model-card.md");
      acme.channel().mkdir("/inbox/aurora");
      acme.channel().put(new ByteArrayInputStream(card), "/inbox/aurora/model-card.md");
    }
    assertArrayEquals(
        card, Files.readAllBytes(fx.inbox(DropBoxFixture.ACME).resolve("model-card.md")));
    assertArrayEquals(
        card, Files.readAllBytes(fx.inbox(DropBoxFixture.ACME).resolve("aurora/model-card.md")));
  }

  @Test
  void openSshSftpBatchUpload_landsInLabInbox() throws Exception {
    Path local = fx.dir.resolve("system-card.pdf");
    Files.writeString(local, "%PDF-1.7 system card\n");
    Path knownHosts = fx.dir.resolve("known_hosts");
    Files.writeString(knownHosts, fx.box.knownHostsLine() + "\n");
    Path batch = fx.dir.resolve("batch");
    Files.writeString(
        batch,
        String.join(
            "\n",
            "pwd",
            "put " + local + " system-card.pdf",
            "mkdir evals",
            "put " + local + " /inbox/evals/report.pdf",
            "ls -l",
            ""));

    String out = openSshSftp(batch, knownHosts, DropBoxFixture.ACME, fx.acmeKey.privateKey());

    assertTrue(out.contains("/inbox"), out);
    Path inbox = fx.inbox(DropBoxFixture.ACME);
    assertEquals(Files.readString(local), Files.readString(inbox.resolve("system-card.pdf")));
    assertEquals(Files.readString(local), Files.readString(inbox.resolve("evals/report.pdf")));
  }

  @Test
  void lab_readsItsReceipts() throws Exception {
    Path receipt = fx.receipts(DropBoxFixture.BETA).resolve("s-1.receipt.asc");
    Files.writeString(receipt, "signed receipt");
    try (SftpClient beta = fx.beta()) {
      Set<String> names =
          beta.channel().ls("/receipts").stream()
              .map(e -> e.getFilename())
              .collect(Collectors.toSet());
      assertTrue(names.contains("s-1.receipt.asc"), names.toString());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      beta.channel().get("/receipts/s-1.receipt.asc", out);
      assertEquals("signed receipt", out.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void lab_managesItsOwnUploads() throws Exception {
    try (SftpClient acme = fx.acme()) {
      acme.channel().put(new ByteArrayInputStream(new byte[10]), "draft.part");
      acme.channel().rename("draft.part", "draft.bin");
      acme.channel().mkdir("tmp");
      acme.channel().rename("draft.bin", "tmp/draft.bin");
      acme.channel().rm("tmp/draft.bin");
      acme.channel().rmdir("tmp");
    }
    Path inbox = fx.inbox(DropBoxFixture.ACME);
    assertTrue(Files.notExists(inbox.resolve("draft.part")));
    assertTrue(Files.notExists(inbox.resolve("tmp")));
  }

  /** OpenSSH's sftp offering only the key: no password, no keyboard-interactive. */
  static String openSshSftp(Path batch, Path knownHosts, String user, Path key) throws Exception {
    return OpenSsh.sftp(
        batch,
        knownHosts,
        user,
        key,
        "-o",
        "PasswordAuthentication=no",
        "-o",
        "KbdInteractiveAuthentication=no");
  }
}
