package org.prex.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.item.Ids;
import org.prex.item.StagedItem;
import org.prex.seal.ClearSigner;
import org.prex.submission.Declared;
import org.prex.submission.ManifestParser;
import org.prex.submission.StagedSubmission;
import org.prex.testing.Gpg;

/**
 * Red team: a hostile lab makes one line of its own receipt longer than GnuPG reads (armor lines
 * over ~20,000 characters: "input line longer than 19995 characters"), so the receipt that
 * docs/formats.md says "gpg --verify checks" does not verify with GnuPG. Two ways were found: a
 * long model name in an otherwise valid submission.yaml (now capped as the reference is), and a
 * rejection whose problems (up to 50, each quoting a listed path) Jackson's pretty printer wrote on
 * one line (now one per line).
 */
class RedTeamReceiptLongLineTest {
  @RegisterExtension static final Gpg gpg = Gpg.perClass();

  @Test
  void aLongModelName_isAProblemOfTheManifest_notALineGnuPgCannotRead() {
    String yaml =
        "reference: long-model\n"
            + "model: { name: \""
            + "A".repeat(25_000)
            + "\", version: \"1\" }\n"
            + "release-date: "
            + LocalDate.now().plusDays(30)
            + "\n"
            + "items:\n"
            + "  - path: card.md\n";
    org.prex.submission.ManifestException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.prex.submission.ManifestException.class,
            () ->
                ManifestParser.parse(
                    yaml.getBytes(StandardCharsets.UTF_8), Set.of("caisi"), LocalDate.now()));
    assertTrue(
        refused.problems().toString().contains("model name is 25000 characters long"),
        refused.problems().toString());
  }

  @Test
  void aRejectionWithFiftyLongMissingPaths_givesAReceiptGnuPgVerifies(@TempDir Path root)
      throws Exception {
    // as FolderIntake words them: "line N: <path> has not arrived", at most 50 in a receipt
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String path = ("d" + i + "/").repeat(1) + "x".repeat(240) + "/" + "y".repeat(240) + ".bin";
      problems.add("line " + (10 + i) + ": " + path + " has not arrived");
    }
    String id = Ids.submission();
    Declared declared =
        new Declared(
            "ref",
            null,
            null,
            LocalDate.now().plusDays(30).toString(),
            null,
            List.of(),
            "c".repeat(64));
    String reason = "the files listed on line(s) 10, 11 of submission.yaml did not arrive";
    StagedSubmission s = submission(id, declared, reason, problems);
    Path receipt = send(root, s, reason);
    assertGnuPgVerifies(root, receipt);
  }

  private static StagedSubmission submission(
      String id, Declared declared, String rejection, List<String> problems) {
    String now = Instant.now().toString();
    String item = Ids.item();
    List<StagedItem> items =
        List.of(
            StagedItem.loose(item, id, "acme-ai", "card.md", 7, "a".repeat(64), now, "k-" + item));
    return new StagedSubmission(
        id, "acme-ai", now, "k-" + id, declared, rejection, problems, items, "long-model");
  }

  /** Logs the submission's events, sends its full receipt and returns the file the box got. */
  private static Path send(Path root, StagedSubmission s, String rejection) throws Exception {
    ClearSigner signer = ExchangeSigner.fresh(root);
    List<Path> sent = new ArrayList<>();
    try (AuditLog log = AuditLog.open(root.resolve("data"))) {
      log.append(
          EventDraft.of(EventType.RECEIVED)
              .lab(s.lab())
              .submission(s.submissionId())
              .reason("submission folder of 1 file(s)"));
      StagedItem item = s.items().get(0);
      if (rejection != null) {
        log.append(
            EventDraft.of(EventType.REJECTED)
                .lab(s.lab())
                .submission(s.submissionId())
                .reason(rejection));
      } else {
        log.append(
            EventDraft.of(EventType.CLASSIFIED)
                .lab(s.lab())
                .submission(s.submissionId())
                .item(item.itemId())
                .reason("text/markdown (document)"));
        log.append(
            EventDraft.of(EventType.DELIVERED)
                .lab(s.lab())
                .submission(s.submissionId())
                .item(item.itemId())
                .agency("caisi")
                .transfer(Ids.transfer()));
      }
      Receipts receipts =
          new Receipts(
              log,
              new Checkpointer(log, signer),
              signer,
              new ReceiptBox() {
                @Override
                public void put(String lab, String name, byte[] content)
                    throws java.io.IOException {
                  Path kept = root.resolve(name);
                  Files.write(kept, content);
                  sent.add(kept);
                }
              },
              root.resolve("receipts-out"),
              "0".repeat(64));
      receipts.sendFull(s, log::proveAll);
    }
    assertEquals(1, sent.size());
    return sent.get(0);
  }

  private static void assertGnuPgVerifies(Path root, Path receipt) throws Exception {
    gpg.importFile(ExchangeSigner.publicKey(root));
    int longest = 0;
    for (String line : Files.readAllLines(receipt)) {
      longest = Math.max(longest, line.length());
    }
    Gpg.Result r = gpg.run("--verify", receipt.toString());
    assertTrue(
        r.exit() == 0 && r.status().contains("[GNUPG:] GOODSIG "),
        "gpg --verify of the lab's receipt (longest line "
            + longest
            + " characters) exit "
            + r.exit()
            + ": "
            + r.stderr()
            + r.status());
  }
}
