package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.testing.Cli.prex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.config.Deployment;
import org.prex.seal.ClearSigner;
import org.prex.seal.PublicCert;
import org.prex.seal.SigningKey;
import org.prex.testing.Await;
import org.prex.testing.Cli;
import org.prex.testing.Cli.Run;
import org.prex.testing.Gpg;
import org.prex.testing.RunningExchange;

/**
 * As a lab and a records officer would do it, with stock tools: OpenSSH {@code sftp} uploads a
 * submission folder ({@code put -p}, keeping old file times, the manifest first and a listed file
 * seconds later) and fetches the receipt, {@code gpg --verify} checks it, and {@code audit verify
 * --checkpoint receipt} passes on the untouched log and fails once the log's tail is cut with SQL,
 * the stored checkpoints with it.
 */
class OpenSshSubmissionTest {

  @Test
  void aFolderUploadedWithOpenSsh_isDelivered_andItsReceiptHoldsTheLogToAccount(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Path local = root.resolve("lab/aurora-3");
    Files.createDirectories(local.resolve("evals"));
    Files.writeString(local.resolve("model-card.md"), "# Aurora 3\n");
    Files.writeString(local.resolve("evals/results.md"), "# Results\n\nAll good.\n");
    Files.writeString(
        local.resolve("submission.yaml"),
        String.join(
            "\n",
            "reference: aurora-3",
            "release-date: " + LocalDate.now().plusDays(10),
            "recipients: [caisi, nsa]",
            "items:",
            "  - path: model-card.md",
            "  - path: evals/results.md",
            ""));
    Path receipts = root.resolve("lab/receipts");
    Files.createDirectories(receipts);
    Path receiptFile;
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      // put -p keeps the files' old times: the manifest-timeout must still run from its arrival
      try (Stream<Path> files = Files.walk(local)) {
        for (Path f : files.toList()) {
          Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        }
      }
      sftp(
          exchange,
          root,
          "mkdir /inbox/aurora-3",
          "mkdir /inbox/aurora-3/evals",
          "put -p " + local.resolve("submission.yaml") + " /inbox/aurora-3/",
          "put -p " + local.resolve("model-card.md") + " /inbox/aurora-3/");
      Thread.sleep(3000); // several polls see the manifest while a listed file is missing
      sftp(exchange, root, "put -rp " + local.resolve("evals") + " /inbox/aurora-3/");
      Await.until(
          "both agencies delivered",
          Duration.ofSeconds(60),
          () -> exchange.transfers("caisi").size() == 1 && exchange.transfers("nsa").size() == 1);
      Await.until(
          "the receipt fetched with sftp",
          Duration.ofSeconds(60),
          () -> {
            try {
              sftp(exchange, root, "lcd " + receipts, "get /receipts/*.asc");
              return listing(receipts).size() == 1;
            } catch (Exception | AssertionError e) { // not written yet: sftp's get fails
              return false;
            }
          });
      receiptFile = listing(receipts).get(0);
      assertEquals(List.of(), exchange.transfers("cisa"), "not among the recipients");
    }
    Gpg gpg = new Gpg(root.resolve("gnupg"));
    gpg.importFile(d.keys().resolve("exchange/signing.pub.asc"));
    Gpg.Result verified = gpg.run("--verify", receiptFile.toString());
    assertEquals(0, verified.exit(), verified.stderr());
    JsonNode receipt =
        new ObjectMapper()
            .readTree(
                ClearSigner.verify(
                    Files.readString(receiptFile),
                    PublicCert.read(d.keys().resolve("exchange/signing.pub.asc"))));
    assertEquals("delivered", receipt.get("outcome").asText());

    String pub = d.keys().resolve("exchange/signing.pub.asc").toString();
    Run checked = prex("audit", "check-receipt", receiptFile.toString(), "--signer", pub);
    assertEquals(0, checked.code());
    assertTrue(checked.out().startsWith("ok: receipt of submission"), checked.out());
    // a receipt whose proofs do not hold fails, even when signed by the exchange's own key
    String firstLeaf = receipt.get("events").get(0).get("leaf-hash").asText();
    String json =
        ClearSigner.verify(
                Files.readString(receiptFile),
                PublicCert.read(d.keys().resolve("exchange/signing.pub.asc")))
            .replace(firstLeaf, (firstLeaf.charAt(0) == '0' ? "1" : "0") + firstLeaf.substring(1));
    Path forged = root.resolve("forged.receipt.asc");
    Files.writeString(
        forged,
        new ClearSigner(SigningKey.read(d.keys().resolve("exchange/signing.asc"), new char[0]))
            .sign(json));
    Run why = prex("audit", "check-receipt", forged.toString(), "--signer", pub);
    assertEquals(1, why.code());
    assertTrue(why.err().contains("is not proven under the receipt's checkpoint"), why.err());

    Run auditVerified = Cli.auditVerify(d, "--checkpoint", receiptFile.toString());
    assertEquals(0, auditVerified.code(), auditVerified.err());

    long size = receipt.get("events").size();
    long last = receipt.get("events").get((int) size - 1).get("event").asLong();
    String url =
        "jdbc:h2:file:" + d.data().resolve("audit/prex").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    try (Connection c = DriverManager.getConnection(url, "prex", "");
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM audit_event WHERE seq >= " + last);
      s.execute("DELETE FROM tree_node WHERE (idx + 1) * POWER(2, lvl) >= " + last);
      s.execute("DELETE FROM checkpoint WHERE tree_size >= " + last);
      s.execute("UPDATE log_head SET tree_size = " + (last - 1));
    }
    Run refused = Cli.auditVerify(d, "--checkpoint", receiptFile.toString());
    assertEquals(1, refused.code());
    assertTrue(refused.err().startsWith("error: event " + last + " is missing"), refused.err());
  }

  private static void sftp(RunningExchange exchange, Path root, String... commands)
      throws Exception {
    Path batch = Files.createTempFile(root, "batch", ".txt");
    Files.writeString(batch, String.join("\n", commands) + "\n");
    Process p =
        new ProcessBuilder(
                "sftp",
                "-b",
                batch.toString(),
                "-i",
                exchange.labKey("acme-ai").toString(),
                "-P",
                Integer.toString(exchange.server.sftpPort()),
                "-o",
                "UserKnownHostsFile=" + exchange.knownHosts,
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "BatchMode=yes",
                "acme-ai@127.0.0.1")
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("sftp failed: " + output);
    }
  }

  private static List<Path> listing(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
