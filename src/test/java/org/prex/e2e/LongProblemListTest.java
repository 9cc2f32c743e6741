package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.testing.Cli.prex;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.testing.Cli.Run;
import org.prex.testing.Receipt;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;
import org.prex.testing.Trees;

/**
 * A hostile manifest: 2,000 bad lines after a good {@code reference}. It comes back as a rejected,
 * verifiable receipt that names the upload and the reference, lists the first problems and how many
 * more, with nothing left in staging and a REJECTED event whose reason fits the log. So does a
 * loose file, named by its file name.
 */
class LongProblemListTest {

  @Test
  void aManifestOf2000BadLines_isAnsweredWithASummarisedVerifiableReceipt(@TempDir Path root)
      throws Exception {
    StringBuilder yaml = new StringBuilder("reference: aurora-bad-lines\n");
    yaml.append("release-date: ").append(LocalDate.now().plusDays(5)).append('\n');
    yaml.append("items:\n  - path: card.md\n");
    for (int i = 0; i < 2000; i++) {
      yaml.append("unknown-key-").append(i).append(": value\n");
    }
    try (RunningExchange exchange = RunningExchange.start(root)) {
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.channel().mkdir("/inbox/aurora-upload");
        lab.put("/inbox/aurora-upload/card.md", "# card\n".getBytes(StandardCharsets.UTF_8));
        lab.put(
            "/inbox/aurora-upload/submission.yaml",
            yaml.toString().getBytes(StandardCharsets.UTF_8));
        lab.put("/inbox/loose-notes.md", "# notes\n".getBytes(StandardCharsets.UTF_8));
      }
      List<Receipt> receipts = Receipt.await(exchange, "acme-ai", 2);
      Receipt rejected =
          receipts.stream()
              .filter(r -> "rejected".equals(r.json().path("outcome").asText()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no rejected receipt: " + receipts));
      JsonNode json = rejected.json();
      assertEquals("aurora-upload", json.path("uploaded-as").asText());
      assertEquals("aurora-bad-lines", json.path("reference").asText());
      JsonNode problems = json.path("problems");
      assertEquals(51, problems.size(), problems.toString());
      assertTrue(
          problems.get(0).asText().startsWith("line 5: unknown key 'unknown-key-0'"),
          problems.get(0).asText());
      assertEquals("and 1950 more problem(s)", problems.get(50).asText());
      String because = json.path("rejected-because").asText();
      assertTrue(because.contains("2000 problem(s)"), because);
      assertTrue(because.endsWith("and 1980 more"), because);
      assertTrue(because.length() < 1_000, because.length() + " characters");

      Receipt loose = receipts.stream().filter(r -> r != rejected).findFirst().orElseThrow();
      assertEquals("loose-notes.md", loose.json().path("uploaded-as").asText());

      Path receiptFile = root.resolve("rejected.receipt.asc");
      Files.writeString(receiptFile, rejected.armored());
      Run checked =
          prex(
              "audit",
              "check-receipt",
              receiptFile.toString(),
              "--signer",
              exchange.deployment.keys().resolve("exchange/signing.pub.asc").toString());
      assertEquals(0, checked.code(), checked.err());
      assertTrue(
          rejected.gpgVerifies(
              root.resolve("gnupg"),
              exchange.deployment.keys().resolve("exchange/signing.pub.asc")));

      try (AuditLog log = AuditLog.openReadOnly(exchange.deployment.data())) {
        assertTrue(
            log.list(AuditQuery.all()).stream()
                .anyMatch(
                    e ->
                        e.type() == EventType.REJECTED
                            && e.submission().equals(json.path("submission").asText())));
      }
      assertEquals(List.of(), Trees.files(exchange.deployment.staging()), "nothing in staging");
    }
  }
}
