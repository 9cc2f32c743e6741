package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.config.Deployment;
import org.prex.item.Sha256;
import org.prex.seal.DecryptionKey;
import org.prex.seal.PublicCert;
import org.prex.testing.Await;
import org.prex.testing.OpenedPackage;
import org.prex.testing.Receipt;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;
import org.prex.testing.Trees;

/**
 * Submission folders end to end over SFTP (docs/formats.md, docs/designation.md): a manifest whose
 * items reach different agency sets, each agency getting one package with exactly its items; a
 * spill that holds the whole submission; rejected manifests answered with receipts that name the
 * line; and every receipt checked with gpg.
 */
class SubmissionEndToEndTest {
  private static final String FUTURE = LocalDate.now().plusDays(20).toString();

  @Test
  void aManifestSubmission_reachesExactlyTheAgenciesEachItemAllows(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("model-card.md", text("# Aurora 2 model card\n\nCapabilities.\n"));
    files.put("evals/cyber-range.md", text("# Cyber range results\n\nScores.\n"));
    files.put("evals/exploit-dev.md", text("# Exploit development eval\n\nDetails.\n"));
    files.put("partners.md", text("# For our UK partners\n\nShared widely.\n"));
    files.put(
        "notes.md", text("CUI//SP-PROPIN//NOFORN\n\n# Internal notes\n\nNot for partners.\n"));
    files.put("stray.txt", text("a file the manifest does not list\n"));
    String manifest =
        String.join(
            "\n",
            "reference: aurora-2-preview",
            "model: { name: Aurora, version: \"2.0-rc1\" }",
            "release-date: " + FUTURE,
            "designation: CUI//SP-PROPIN",
            "dissemination-list: [caisi, nsa]",
            "items:",
            "  - path: model-card.md",
            "    sha256: " + sha(files.get("model-card.md")),
            "  - path: evals/cyber-range.md",
            "    designation: CUI//SP-PROPIN//DL ONLY",
            "  - path: evals/exploit-dev.md",
            "    designation: CUI//SP-EXPT/SP-PROPIN//FED ONLY",
            "  - path: partners.md",
            "    designation: CUI//SP-PROPIN//REL TO USA, GBR",
            "  - path: notes.md",
            "    designation: CUI//SP-PROPIN//REL TO USA, GBR",
            "");
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      upload(exchange, "aurora-2", files, manifest);
      Receipt receipt = Receipt.await(exchange, "acme-ai", 1).get(0);

      Map<String, Set<String>> expected = new LinkedHashMap<>();
      expected.put(
          "caisi",
          Set.of(
              "model-card.md",
              "evals/cyber-range.md",
              "evals/exploit-dev.md",
              "partners.md",
              "notes.md"));
      expected.put("cisa", Set.of("model-card.md", "partners.md", "notes.md"));
      expected.put("doe-labs", Set.of("model-card.md", "partners.md", "notes.md"));
      expected.put(
          "nsa",
          Set.of(
              "model-card.md",
              "evals/cyber-range.md",
              "evals/exploit-dev.md",
              "partners.md",
              "notes.md"));
      expected.put("uk-aisi", Set.of("partners.md"));
      PublicCert signer = PublicCert.read(d.keys().resolve("exchange/signing.pub.asc"));
      for (Map.Entry<String, Set<String>> e : expected.entrySet()) {
        String agency = e.getKey();
        List<Path> transfers = exchange.transfers(agency);
        assertEquals(1, transfers.size(), agency + ": one package per submission");
        OpenedPackage p =
            OpenedPackage.open(
                transfers.get(0),
                DecryptionKey.read(exchange.agencySecret(agency), new char[0]),
                signer);
        assertEquals(e.getValue(), p.itemsByName().keySet(), agency + " got exactly these");
        for (String name : e.getValue()) {
          assertEquals(
              new String(files.get(name), StandardCharsets.UTF_8),
              new String(p.itemsByName().get(name), StandardCharsets.UTF_8));
        }
        assertEquals("aurora-2-preview", p.manifest().get("reference").asText());
        assertEquals("2.0-rc1", p.manifest().get("model").get("version").asText());
        assertEquals(FUTURE, p.manifest().get("release-date").asText());
        assertTrue(
            p.manifest().get("checkpoint").asText().contains("BEGIN PGP SIGNED MESSAGE"),
            agency + ": the manifest carries the checkpoint it was logged under");
      }

      JsonNode json = receipt.json();
      assertEquals("prex-receipt/1", json.get("format").asText());
      assertEquals("partly quarantined", json.get("outcome").asText());
      assertEquals("aurora-2-preview", json.get("reference").asText());
      assertEquals("CUI//SP-PROPIN//NOFORN", receipt.item("notes.md").get("designation").asText());
      assertTrue(receipt.item("notes.md").get("content-stronger-than-declared").asBoolean());
      assertEquals("quarantined", receipt.item("stray.txt").get("outcome").asText());
      assertTrue(
          receipt.item("stray.txt").get("reason").asText().contains("not listed"),
          receipt.item("stray.txt").toString());
      assertEquals(
          agencies(receipt.item("evals/exploit-dev.md")), new TreeSet<>(List.of("caisi", "nsa")));
      assertEquals(
          agencies(receipt.item("partners.md")),
          new TreeSet<>(List.of("caisi", "cisa", "doe-labs", "nsa", "uk-aisi")));
      assertTrue(json.get("checkpoint").asText().contains("BEGIN PGP SIGNED MESSAGE"));
      assertTrue(json.get("events").size() > 10, "inclusion proofs of its events");
      assertGpgVerifies(receipt, root, d);
      assertEquals(1, Trees.files(d.data().resolve("quarantine")).size() / 2);
      assertDropBoxEmptied(d, "aurora-2");
      Await.until(
          "staging emptied", Duration.ofSeconds(10), () -> Trees.files(d.staging()).isEmpty());
    }
  }

  @Test
  void aSpill_holdsTheWholeSubmission_andReachesNoOne(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("card.md", text("# An ordinary model card\n"));
    files.put("threat.md", text("SECRET//NOFORN\n\nThis should never have been uploaded.\n"));
    String manifest =
        String.join(
            "\n",
            "reference: spill-test",
            "release-date: " + FUTURE,
            "items:",
            "  - path: card.md",
            "  - path: threat.md",
            "");
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      upload(exchange, "spilled", files, manifest);
      Receipt receipt = Receipt.await(exchange, "acme-ai", 1).get(0);
      assertEquals("quarantined", receipt.json().get("outcome").asText());
      for (String path : files.keySet()) {
        assertEquals("quarantined", receipt.item(path).get("outcome").asText(), path);
        assertTrue(receipt.item(path).get("reason").asText().contains("spill"), path);
      }
      assertNoAgencyGotAnything(exchange);
      assertEquals(4, Trees.files(d.data().resolve("quarantine")).size(), "2 items, 2 notes");
      assertGpgVerifies(receipt, root, d);
    }
  }

  @Test
  void aMalformedManifest_isRejectedWithAReceiptNamingEachLine(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("card.md", text("# Model card\n"));
    String manifest =
        String.join(
            "\n",
            "reference: bad-manifest",
            "release-date: " + FUTURE,
            "recipients: [caisi, fbi]",
            "items:",
            "  - path: card.md",
            "    designation: CUI//SP-PROPN",
            "");
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      upload(exchange, "bad", files, manifest);
      Receipt receipt = Receipt.await(exchange, "acme-ai", 1).get(0);
      assertEquals("rejected", receipt.json().get("outcome").asText());
      String problems = receipt.json().get("problems").toString();
      assertTrue(problems.contains("line 3") && problems.contains("fbi"), problems);
      assertTrue(problems.contains("line 6") && problems.contains("PROPN"), problems);
      assertEquals("rejected", receipt.item("card.md").get("outcome").asText());
      assertNoAgencyGotAnything(exchange);
      assertGpgVerifies(receipt, root, d);
      assertDropBoxEmptied(d, "bad");
    }
  }

  @Test
  void aMismatchedSha256_aFileThatNeverArrives_orNoManifest_rejectsTheSubmission(@TempDir Path root)
      throws Exception {
    RunningExchange.Setup setup =
        RunningExchange.setUp(root).policy("manifest-timeout: PT1H", "manifest-timeout: PT3S");
    Deployment d = setup.deployment;
    byte[] card = text("# Model card\n");
    try (RunningExchange exchange = setup.start()) {
      upload(
          exchange,
          "mismatch",
          Map.of("card.md", card),
          String.join(
              "\n",
              "reference: mismatch",
              "release-date: " + FUTURE,
              "items:",
              "  - path: card.md",
              "    sha256: " + "0".repeat(64),
              ""));
      upload(
          exchange,
          "incomplete",
          Map.of("card.md", card),
          String.join(
              "\n",
              "reference: incomplete",
              "release-date: " + FUTURE,
              "items:",
              "  - path: card.md",
              "  - path: weights/never-sent.safetensors",
              ""));
      upload(exchange, "forgot-the-manifest", Map.of("card.md", card), null);
      List<Receipt> receipts = Receipt.await(exchange, "acme-ai", 3);
      List<String> why = new ArrayList<>();
      for (Receipt r : receipts) {
        assertEquals("rejected", r.json().get("outcome").asText(), r.json().toString());
        why.add(r.json().get("problems").toString());
      }
      String all = String.join("\n", why);
      assertTrue(all.contains("line 4: card.md does not match its sha256"), all);
      assertTrue(all.contains("line 5: weights/never-sent.safetensors has not arrived"), all);
      assertTrue(all.contains("forgot-the-manifest has had no submission.yaml for PT3S"), all);
      assertNoAgencyGotAnything(exchange);
    }
  }

  @Test
  void aSpillInARefusedSubmission_isStillHeldForTheSecurityOfficer(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("evals/threat.md", text("TOP SECRET//NOFORN\n\nNever to be shared.\n"));
    String manifest =
        String.join(
            "\n",
            "reference: refused-spill",
            "release-date: " + FUTURE,
            "items:",
            "  - path: evals", // a folder, not a file: the manifest is refused at once
            "");
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      upload(exchange, "refused", files, manifest);
      Receipt receipt = Receipt.await(exchange, "acme-ai", 1).get(0);
      assertEquals(
          "quarantined", receipt.json().get("outcome").asText(), receipt.json().toString());
      assertTrue(
          receipt.item("evals/threat.md").get("reason").asText().contains("spill"),
          receipt.json().toString());
      assertTrue(receipt.json().get("problems").toString().contains("line 4: evals is a folder"));
      assertNoAgencyGotAnything(exchange);
      assertEquals(2, Trees.files(d.data().resolve("quarantine")).size(), "the item and its note");
      assertGpgVerifies(receipt, root, d);
    }
  }

  @Test
  void aListedFolder_isRefusedAtOnce_namingTheLine(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    String manifest =
        String.join(
            "\n",
            "reference: listed-folder",
            "release-date: " + FUTURE,
            "items:",
            "  - path: evals",
            "");
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      upload(exchange, "listed-folder", Map.of("evals/a.md", text("# A\n")), manifest);
      Receipt receipt = Receipt.await(exchange, "acme-ai", 1).get(0);
      assertEquals("rejected", receipt.json().get("outcome").asText());
      assertTrue(
          receipt.json().get("problems").toString().contains("line 4: evals is a folder"),
          receipt.json().toString());
    }
  }

  @Test
  void theSameFileSentAgain_isAnsweredNotHandledTwice(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    byte[] card = text("# System card, sent twice\n");
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      int mtime;
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.put("/inbox/card.md", card);
        mtime = lab.channel().stat("/inbox/card.md").getMTime();
      }
      Receipt first = Receipt.await(exchange, "acme-ai", 1).get(0);
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.put("/inbox/card.md", card);
        lab.channel().setMtime("/inbox/card.md", mtime); // as put -p would keep it
      }
      List<Receipt> receipts = Receipt.await(exchange, "acme-ai", 2);
      Receipt second =
          receipts.stream().filter(r -> !r.file().equals(first.file())).findFirst().orElseThrow();
      assertEquals("rejected", second.json().get("outcome").asText(), second.json().toString());
      assertTrue(
          second
              .json()
              .get("rejected-because")
              .asText()
              .contains("already taken as submission " + first.json().get("submission").asText()),
          second.json().toString());
      for (String agency : RunningExchange.ELIGIBLE) {
        assertEquals(1, exchange.transfers(agency).size(), agency + ": delivered once");
      }
    }
  }

  @Test
  void aReceiptTheDropBoxCannotTakeYet_isRetried_andStagingWaitsForIt(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      Path receipts = d.dropBox().resolve("acme-ai/receipts");
      Files.delete(receipts); // the ingest account may not make it again: writes fail meanwhile
      exchange.upload("acme-ai", "/inbox/card.md", text("# Model card\n"));
      exchange.awaitOnePackageEach("delivered", Duration.ofSeconds(60));
      // time for staging to be emptied too early; it must not be
      Thread.sleep(3000);
      assertFalse(Trees.files(d.staging()).isEmpty(), "not complete until the lab is answered");
      Files.createDirectories(receipts);
      Receipt receipt = Receipt.await(exchange, "acme-ai", 1).get(0);
      assertEquals("delivered", receipt.json().get("outcome").asText());
      Await.until(
          "staging emptied", Duration.ofSeconds(10), () -> Trees.files(d.staging()).isEmpty());
    }
  }

  @Test
  void aLooseFile_getsAReceiptToo(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      exchange.upload("acme-ai", "/inbox/system-card.md", text("# System card\n"));
      Receipt receipt = Receipt.await(exchange, "acme-ai", 1).get(0);
      assertEquals("delivered", receipt.json().get("outcome").asText());
      assertEquals(
          new TreeSet<>(RunningExchange.ELIGIBLE), agencies(receipt.item("system-card.md")));
      assertFalse(receipt.json().has("reference"));
    }
  }

  private static void upload(
      RunningExchange exchange, String folder, Map<String, byte[]> files, String manifest)
      throws Exception {
    try (SftpClient lab = exchange.connect("acme-ai")) {
      String base = "/inbox/" + folder;
      lab.channel().mkdir(base);
      Set<String> made = new TreeSet<>();
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        String path = f.getKey();
        int slash = path.lastIndexOf('/');
        if (slash > 0 && made.add(path.substring(0, slash))) {
          lab.channel().mkdir(base + "/" + path.substring(0, slash));
        }
        lab.put(base + "/" + path, f.getValue());
      }
      if (manifest != null) {
        lab.put(base + "/submission.yaml", text(manifest));
      }
    }
  }

  private static void assertNoAgencyGotAnything(RunningExchange exchange) {
    for (String agency : RunningExchange.AGENCIES) {
      assertEquals(List.of(), exchange.transfers(agency), agency + " got nothing");
    }
  }

  private static void assertGpgVerifies(Receipt receipt, Path root, Deployment d) throws Exception {
    assertTrue(
        receipt.gpgVerifies(root.resolve("gnupg"), d.keys().resolve("exchange/signing.pub.asc")),
        "gpg --verify accepts receipt " + receipt.file());
  }

  private static void assertDropBoxEmptied(Deployment d, String folder) throws Exception {
    Path dir = d.dropBox().resolve("acme-ai/inbox").resolve(folder);
    Await.until("the folder left the drop box", Duration.ofSeconds(10), () -> !Files.exists(dir));
  }

  private static Set<String> agencies(JsonNode item) {
    Set<String> out = new TreeSet<>();
    item.get("delivered-to").forEach(a -> out.add(a.get("agency").asText()));
    return out;
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha(byte[] content) {
    var d = Sha256.newDigest();
    d.update(content);
    return Sha256.hex(d);
  }
}
