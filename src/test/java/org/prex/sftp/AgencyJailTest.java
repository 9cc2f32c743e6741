package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.sftp.DropBoxFixture.ACME;
import static org.prex.sftp.DropBoxFixture.CAISI;
import static org.prex.sftp.LabJailTest.assertPermissionDenied;

import com.jcraft.jsch.ChannelSftp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prex.testing.SftpClient;

/**
 * An agency's drop-box account (docs/review-cycle.md), over real SFTP sessions: it writes into
 * /returns and cannot read back or remove what it wrote, reads /notices and cannot write there, and
 * sees nothing of any lab's or of the exchange's; the ingest account takes its returns and writes
 * its notices; a lab reads its /findings and cannot write there.
 */
class AgencyJailTest {
  @RegisterExtension static final DropBoxFixture fx = DropBoxFixture.perClass();

  private static ByteArrayInputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void returns_areWriteOnly() throws Exception {
    try (SftpClient caisi = fx.caisi()) {
      ChannelSftp sftp = caisi.channel();
      assertEquals("/returns", sftp.pwd(), "an agency starts in /returns");
      sftp.put(bytes("an acknowledgment"), "/returns/ack.asc");
      sftp.mkdir("/returns/findings-1");
      sftp.put(bytes("findings"), "/returns/findings-1/findings.yaml");
      sftp.put(bytes("renamed"), "/returns/.up.partial");
      sftp.rename("/returns/.up.partial", "/returns/up.asc");
      assertTrue(sftp.ls("/returns").stream().anyMatch(e -> e.getFilename().equals("ack.asc")));
      assertPermissionDenied(() -> sftp.get("/returns/ack.asc", new ByteArrayOutputStream()));
      // written once: not overwritten, not replaced by a rename, not appended to
      assertPermissionDenied(() -> sftp.put(bytes("another"), "/returns/ack.asc"));
      assertPermissionDenied(() -> sftp.put(bytes("more"), "/returns/ack.asc", ChannelSftp.APPEND));
      sftp.put(bytes("replacement"), "/returns/.r.partial");
      assertPermissionDenied(() -> sftp.rename("/returns/.r.partial", "/returns/ack.asc"));
      assertPermissionDenied(() -> sftp.rm("/returns/ack.asc"));
      assertPermissionDenied(() -> sftp.rmdir("/returns/findings-1"));
      assertPermissionDenied(() -> sftp.rename("/returns/ack.asc", "/notices/ack.asc"));
    }
    Path returns = fx.root.resolve(CAISI).resolve("returns");
    assertEquals("an acknowledgment", Files.readString(returns.resolve("ack.asc")));
    assertEquals("findings", Files.readString(returns.resolve("findings-1/findings.yaml")));
  }

  @Test
  void notices_areReadOnly_andWrittenByTheExchange() throws Exception {
    try (SftpClient ingest = fx.ingest()) {
      ChannelSftp sftp = ingest.channel();
      sftp.put(bytes("sealed notice"), "/caisi/notices/.n-1.partial");
      sftp.rename("/caisi/notices/.n-1.partial", "/caisi/notices/n-1.json.pgp");
      Files.writeString(fx.root.resolve("caisi/returns/taken.asc"), "an ack");
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      sftp.get("/caisi/returns/taken.asc", got);
      assertEquals("an ack", got.toString(StandardCharsets.UTF_8));
      sftp.rm("/caisi/returns/taken.asc");
      // it never writes into what an agency returns, nor anywhere but notices
      assertPermissionDenied(() -> sftp.put(bytes("x"), "/caisi/returns/forged.asc"));
      assertPermissionDenied(() -> sftp.put(bytes("x"), "/caisi/inbox/x"));
    }
    try (SftpClient caisi = fx.caisi()) {
      ChannelSftp sftp = caisi.channel();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      sftp.get("/notices/n-1.json.pgp", out);
      assertEquals("sealed notice", out.toString(StandardCharsets.UTF_8));
      assertPermissionDenied(() -> sftp.put(bytes("forged"), "/notices/n-2.json.pgp"));
      assertPermissionDenied(() -> sftp.rm("/notices/n-1.json.pgp"));
      assertPermissionDenied(() -> sftp.rename("/notices/n-1.json.pgp", "/returns/n.asc"));
    }
  }

  @Test
  void anAgency_seesNoLabAndNothingOfTheExchange() throws Exception {
    Files.writeString(fx.inbox(ACME).resolve("weights.bin"), "acme's weights");
    try (SftpClient caisi = fx.caisi()) {
      ChannelSftp sftp = caisi.channel();
      assertPermissionDenied(() -> sftp.ls("/"));
      for (String path :
          List.of(
              "../acme-ai/inbox/weights.bin",
              "/acme-ai/inbox/weights.bin",
              "../../acme-ai/inbox/weights.bin",
              "/inbox/weights.bin")) {
        assertPermissionDenied(() -> sftp.get(path, new ByteArrayOutputStream()));
      }
      assertPermissionDenied(() -> sftp.put(bytes("x"), "/inbox/x"));
      assertPermissionDenied(() -> sftp.put(bytes("x"), "/receipts/x"));
      assertPermissionDenied(() -> sftp.mkdir("/outbox"));
    }
  }

  @Test
  void aLab_readsItsFindings_andCannotWriteThere() throws Exception {
    Path findings = fx.root.resolve(ACME).resolve("findings");
    assertTrue(Files.isDirectory(findings), "made for every lab");
    Files.createDirectories(findings.resolve("s-1"));
    Files.writeString(findings.resolve("s-1/f.pgp"), "sealed findings");
    try (SftpClient acme = fx.acme()) {
      ChannelSftp sftp = acme.channel();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      sftp.get("/findings/s-1/f.pgp", out);
      assertEquals("sealed findings", out.toString(StandardCharsets.UTF_8));
      assertPermissionDenied(() -> sftp.put(bytes("x"), "/findings/x"));
      assertPermissionDenied(() -> sftp.rm("/findings/s-1/f.pgp"));
      assertPermissionDenied(() -> sftp.put(bytes("x"), "/returns/x"));
    }
  }

  @Test
  void anAgencyNameThatIsALab_isRefused() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                new DropBoxConfig(
                    "127.0.0.1",
                    0,
                    fx.root,
                    fx.hostKeyFile,
                    java.util.Map.of(ACME, List.of(fx.acmeKey.publicKey())),
                    fx.ingestKey.publicKey(),
                    null,
                    null,
                    null,
                    java.util.Map.of(ACME, List.of(fx.caisiKey.publicKey()))));
    assertTrue(e.getMessage().contains("'acme-ai' is both a lab and an agency"), e.getMessage());
  }
}
