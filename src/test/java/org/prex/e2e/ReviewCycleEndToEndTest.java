package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.item.Sha256;
import org.prex.testing.Await;
import org.prex.testing.Cli;
import org.prex.testing.Events;
import org.prex.testing.Gpg;
import org.prex.testing.Receipt;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;

/**
 * The review cycle end to end (docs/review-cycle.md), as a lab and two agencies would run it: the
 * lab submits over SFTP; caisi and nsa open their packages with {@code prex receive --ack} and put
 * the acknowledgments into their drop-box {@code /returns}; the lab gets a review receipt that
 * {@code gpg} verifies; hostile returns are refused with a notice; the lab withdraws; both agencies
 * get withdrawal notices that gpg opens; caisi confirms destruction, nsa sends a certificate that
 * does not match; and {@code audit pending} shows nsa as outstanding.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.prex.testing.FastReviewTicks.class)
class ReviewCycleEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void submitAcknowledgeWithdrawDestroy_andWhatIsOutstanding(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Map<String, Path> sshKeys =
        Map.of("caisi", agencyAccount(root, d, "caisi"), "nsa", agencyAccount(root, d, "nsa"));
    Gpg gpg = new Gpg(root.resolve("gnupg"));
    gpg.importFile(d.keys().resolve("exchange/signing.pub.asc"));
    for (String agency : List.of("caisi", "nsa")) {
      gpg.importFile(d.keys().resolve("agencies/" + agency + ".secret.asc"));
    }
    String card = "# Aurora 2 model card\n\nPublished at release.\n";
    String eval = "# Cyber range results\n\nScores.\n";
    String manifest =
        String.join(
            "\n",
            "reference: aurora-2-preview",
            "model: { name: Aurora, version: \"2.0-rc1\" }",
            "release-date: " + LocalDate.now().plusDays(20),
            "recipients: [caisi, nsa]",
            "items:",
            "  - path: model-card.md",
            "    decontrol-on-release: true",
            "  - path: eval.md",
            "");
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.channel().mkdir("/inbox/aurora");
        lab.put("/inbox/aurora/model-card.md", card.getBytes(StandardCharsets.UTF_8));
        lab.put("/inbox/aurora/eval.md", eval.getBytes(StandardCharsets.UTF_8));
        lab.put("/inbox/aurora/submission.yaml", manifest.getBytes(StandardCharsets.UTF_8));
      }
      Receipt first = Receipt.await(exchange, "acme-ai", 1).get(0);
      String submission = first.json().get("submission").asText();
      Await.until(
          "delivered to caisi and nsa",
          Duration.ofSeconds(30),
          () -> exchange.transfers("caisi").size() == 1 && exchange.transfers("nsa").size() == 1);

      // both agencies open their packages and acknowledge, as they would
      Map<String, Path> acks = new java.util.TreeMap<>();
      for (String agency : List.of("caisi", "nsa")) {
        Path ack = root.resolve(agency + "-ack.asc");
        Cli.Run r =
            Cli.prex(
                "receive",
                "--key",
                exchange.agencySecret(agency).toString(),
                "--signer",
                d.keys().resolve("exchange/signing.pub.asc").toString(),
                "--in",
                exchange.transfers(agency).get(0).toString(),
                "--out",
                root.resolve(agency + "-opened").toString(),
                "--ack",
                ack.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(gpg.run("--verify", ack.toString()).status().contains("GOODSIG"), agency);
        acks.put(agency, ack);
        put(exchange, sshKeys.get(agency), agency, "/returns/ack.asc", Files.readAllBytes(ack));
      }
      Await.until(
          "both acknowledgments logged, one event per item opened",
          Duration.ofSeconds(30),
          () -> Events.count(d, EventType.ACKNOWLEDGED) == 4);
      JsonNode review = awaitReviewReceipt(exchange, gpg, d, "acknowledged-by", 2);
      assertEquals(submission, review.get("submission").asText());
      assertEquals("review", review.get("kind").asText());
      assertEquals(0, review.get("not-yet-acknowledged-by").size());
      for (JsonNode a : review.get("acknowledged-by")) {
        assertEquals(2, a.get("items").size(), "who opened what: " + a);
      }

      // hostile returns: an ack signed by another agency's key, and one for a transfer caisi
      // never got; each refused with a notice in caisi's /notices, nothing acknowledged
      String caisiAck = signedText(Files.readString(acks.get("caisi")));
      put(
          exchange,
          sshKeys.get("caisi"),
          "caisi",
          "/returns/forged.asc",
          gpg.clearSign("nsa", caisiAck).getBytes(StandardCharsets.UTF_8));
      ObjectNode stolen = (ObjectNode) JSON.readTree(signedText(Files.readString(acks.get("nsa"))));
      stolen.put("agency", "caisi");
      put(
          exchange,
          sshKeys.get("caisi"),
          "caisi",
          "/returns/stolen.asc",
          gpg.clearSign("caisi", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(stolen))
              .getBytes(StandardCharsets.UTF_8));
      Await.until(
          "two refusals", Duration.ofSeconds(30), () -> Events.count(d, EventType.REFUSED) == 2);
      List<String> refusals =
          Events.of(d).stream()
              .filter(e -> e.type() == EventType.REFUSED)
              .map(AuditEvent::reason)
              .toList();
      assertTrue(
          refusals.get(0).contains("does not verify as a document of agency caisi"),
          refusals.get(0));
      assertTrue(refusals.get(1).contains("never delivered to agency caisi"), refusals.get(1));
      Await.until(
          "refusal notices in caisi's /notices",
          Duration.ofSeconds(30),
          () -> notices(exchange, sshKeys.get("caisi"), "caisi").size() == 2);
      assertEquals(4, Events.count(d, EventType.ACKNOWLEDGED));

      findings(root, d, exchange, gpg, sshKeys.get("caisi"), submission);

      // the lab withdraws; both agencies are asked to destroy
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.channel().mkdir("/inbox/withdraw-aurora");
        lab.put(
            "/inbox/withdraw-aurora/withdraw.yaml",
            ("submission: " + submission + "\nreason: a flaw was found; release postponed\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      Await.until(
          "withdrawal notices sent",
          Duration.ofSeconds(30),
          () ->
              Events.of(d).stream()
                      .filter(e -> e.type() == EventType.NOTICE_SENT)
                      .filter(e -> e.reason().startsWith("withdrawal notice"))
                      .count()
                  == 2);
      Map<String, Path> withdrawal = new java.util.TreeMap<>();
      for (String agency : List.of("caisi", "nsa")) {
        String id =
            Events.of(d).stream()
                .filter(e -> e.type() == EventType.NOTICE_SENT && agency.equals(e.agency()))
                .filter(e -> e.reason().startsWith("withdrawal notice"))
                .findFirst()
                .orElseThrow()
                .item();
        Path notice = exchange.outbox(agency).resolve("notices").resolve(id + ".json.pgp");
        withdrawal.put(agency, notice);
        // gpg opens it with the agency's key, and the notice inside verifies as the exchange's
        Path opened = root.resolve(agency + "-notice.asc");
        Gpg.Result decrypted =
            gpg.run("--output", opened.toString(), "--decrypt", notice.toString());
        assertEquals(0, decrypted.exit(), decrypted.stderr());
        assertTrue(decrypted.status().contains("GOODSIG"), decrypted.status());
        assertTrue(gpg.run("--verify", opened.toString()).status().contains("GOODSIG"));
        JsonNode n = JSON.readTree(signedText(Files.readString(opened)));
        assertEquals("prex-notice/1", n.get("format").asText());
        assertEquals("withdrawal", n.get("type").asText());
        assertEquals("destroy", n.get("action").asText());
        assertTrue(n.get("why").asText().contains("a flaw was found"), n.toString());
        assertEquals(2, n.get("items").size(), n.toString());
      }
      awaitReviewReceipt(exchange, gpg, d, "notices", 2);

      // caisi destroys and confirms; nsa sends a certificate that does not match its notice
      Path destroyed = root.resolve("caisi-destroyed.asc");
      Cli.Run r =
          Cli.prex(
              "notice",
              "--key",
              exchange.agencySecret("caisi").toString(),
              "--signer",
              d.keys().resolve("exchange/signing.pub.asc").toString(),
              "--in",
              withdrawal.get("caisi").toString(),
              "--destroyed-by",
              "Records Officer Example",
              "--out",
              destroyed.toString());
      assertEquals(0, r.code(), r.err());
      put(
          exchange,
          sshKeys.get("caisi"),
          "caisi",
          "/returns/destroyed.asc",
          Files.readAllBytes(destroyed));
      ObjectNode wrong = (ObjectNode) JSON.readTree(signedText(Files.readString(destroyed)));
      String nsaNotice = withdrawal.get("nsa").getFileName().toString().replace(".json.pgp", "");
      wrong.put("notice", nsaNotice);
      ((ObjectNode) wrong.get("items").get(0)).put("sha256", "0".repeat(64));
      put(
          exchange,
          sshKeys.get("nsa"),
          "nsa",
          "/returns/destroyed.asc",
          gpg.clearSign("nsa", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(wrong))
              .getBytes(StandardCharsets.UTF_8));
      Await.until(
          "caisi's destruction logged, nsa's refused",
          Duration.ofSeconds(30),
          () ->
              Events.count(d, EventType.DESTROYED) == 1 && Events.count(d, EventType.REFUSED) == 3);
      assertEquals("caisi", Events.first(d, EventType.DESTROYED).agency());

      Cli.Run pending =
          Cli.prex("audit", "pending", "--data", d.data().toString(), "--format", "json");
      assertEquals(0, pending.code(), pending.err());
      JsonNode rows = JSON.readTree(pending.out());
      assertEquals(1, rows.size(), pending.out());
      assertEquals("nsa", rows.get(0).get("agency").asText());
      assertTrue(rows.get(0).get("awaiting").asText().startsWith("destruction"));
      assertFalse(rows.get(0).get("overdue").asBoolean());
      Cli.Run late =
          Cli.prex(
              "audit",
              "pending",
              "--data",
              d.data().toString(),
              "--at",
              java.time.Instant.now().plus(Duration.ofDays(15)).toString());
      assertTrue(late.out().contains("OVERDUE"), late.out());

      Cli.Run show = Cli.prex("audit", "show", submission, "--data", d.data().toString());
      assertEquals(0, show.code(), show.err());
      assertTrue(
          show.out()
              .lines()
              .anyMatch(l -> l.startsWith("review caisi") && l.contains("destruction confirmed")),
          show.out());
      assertTrue(
          show.out()
              .lines()
              .anyMatch(l -> l.startsWith("review nsa") && l.contains("destruction NOT confirmed")),
          show.out());
      assertEquals(0, Cli.auditVerify(d).code());
    }
  }

  @Test
  void aWithdrawal_stopsAPackageStillWaitingForAnAgencyThatIsDown(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      Path blocked = exchange.outbox("nsa");
      Files.createDirectories(blocked.getParent());
      Files.writeString(blocked, "a file where the agency's folder should be");
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.channel().mkdir("/inbox/w");
        lab.put("/inbox/w/eval.md", "# eval\n".getBytes(StandardCharsets.UTF_8));
        lab.put(
            "/inbox/w/submission.yaml",
            ("reference: w\nrelease-date: "
                    + LocalDate.now().plusDays(10)
                    + "\nrecipients: [caisi, nsa]\nitems:\n  - path: eval.md\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      Await.until(
          "caisi delivered, nsa waiting",
          Duration.ofSeconds(60),
          () ->
              exchange.transfers("caisi").size() == 1
                  && Events.count(d, EventType.DELIVERY_RETRY) >= 1);
      String submission = Events.first(d, EventType.DELIVERED).submission();
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.channel().mkdir("/inbox/withdraw-w");
        lab.put(
            "/inbox/withdraw-w/withdraw.yaml",
            ("reference: w\nreason: postponed\n").getBytes(StandardCharsets.UTF_8));
      }
      Await.until(
          "nsa's package withdrawn, caisi asked to destroy",
          Duration.ofSeconds(60),
          () ->
              Events.count(d, EventType.WITHDRAWN) == 2
                  && Events.count(d, EventType.NOTICE_SENT) == 1
                  && Events.count(d, EventType.RECEIPT_SENT) >= 2);
      AuditEvent notDelivered =
          Events.of(d).stream()
              .filter(e -> e.type() == EventType.WITHDRAWN && e.item() != null)
              .findFirst()
              .orElseThrow();
      assertEquals("nsa", notDelivered.agency());
      assertEquals(submission, notDelivered.submission());
      assertEquals("caisi", Events.first(d, EventType.NOTICE_SENT).agency());
      Files.delete(blocked); // nsa is back: nothing of the withdrawn submission goes to it
      Thread.sleep(3000);
      assertEquals(List.of(), exchange.transfers("nsa"));
      assertEquals(1, Events.count(d, EventType.DELIVERED));
      Cli.Run pending =
          Cli.prex("audit", "pending", "--data", d.data().toString(), "--format", "json");
      JsonNode rows = JSON.readTree(pending.out());
      assertEquals(1, rows.size(), pending.out());
      assertEquals("caisi", rows.get(0).get("agency").asText());
      assertEquals("destruction (withdrawal notice)", rows.get(0).get("awaiting").asText());

      // withdrawing again is answered, not ignored: a receipt says it was withdrawn already
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.channel().mkdir("/inbox/withdraw-again");
        lab.put(
            "/inbox/withdraw-again/withdraw.yaml",
            ("submission: " + submission + "\nreason: again\n").getBytes(StandardCharsets.UTF_8));
      }
      Await.until(
          "the second withdrawal refused with a receipt",
          Duration.ofSeconds(30),
          () ->
              Events.of(d).stream()
                  .anyMatch(
                      e ->
                          e.type() == EventType.REJECTED
                              && e.reason().contains("was withdrawn already")));
      Await.until(
          "its receipt in /receipts",
          Duration.ofSeconds(30),
          () -> {
            try (SftpClient lab = exchange.connect("acme-ai")) {
              return lab.ls("/receipts").stream().anyMatch(n -> n.startsWith("withdrawal-"));
            } catch (Exception e) {
              return false;
            }
          });
      assertEquals(1, Events.count(d, EventType.NOTICE_SENT), "no notice sent twice");
    }
  }

  /**
   * caisi returns findings, shared with nsa and cisa: they wait until the lab publishes its
   * certificate, then the lab opens them with gpg and with prex receive, nsa (which holds the
   * submission) gets its own package, cisa (which the lab did not share with) nothing, and caisi a
   * receipt that gpg verifies. Findings carrying a classified marking are held: nothing reaches the
   * lab or cisa.
   */
  private static void findings(
      Path root, Deployment d, RunningExchange exchange, Gpg gpg, Path caisiKey, String submission)
      throws Exception {
    String report = "# Findings\n\nThe model writes working exploits for CVE-2026-0001.\n";
    try (SftpClient c =
        SftpClient.connect("caisi", exchange.server.sftpPort(), caisiKey, exchange.knownHosts)) {
      c.channel().mkdir("/returns/findings-1");
      c.put("/returns/findings-1/report.md", report.getBytes(StandardCharsets.UTF_8));
      c.put(
          "/returns/findings-1/findings.yaml",
          ("submission: "
                  + submission
                  + "\ndesignation: CUI//SP-PROPIN\nshare-with: [nsa, cisa]\nitems:\n"
                  + "  - path: report.md\n    sha256: "
                  + sha(report)
                  + "\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    Await.until(
        "the findings taken, and waiting for the lab's certificate",
        Duration.ofSeconds(30),
        () ->
            Events.count(d, EventType.FINDINGS_RECEIVED) == 1
                && !Files.exists(d.dropBox().resolve("caisi/returns/findings-1"))
                && Events.of(d).stream()
                    .anyMatch(
                        e ->
                            e.type() == EventType.DELIVERY_RETRY
                                && e.reason().startsWith("waiting: lab acme-ai")));
    String finding = Events.first(d, EventType.FINDINGS_RECEIVED).item();
    assertEquals(submission, Events.first(d, EventType.FINDINGS_RECEIVED).submission());
    Cli.Run waiting =
        Cli.prex("audit", "pending", "--data", d.data().toString(), "--format", "json");
    assertTrue(
        waiting.out().contains("findings to the lab (it has no usable certificate)"),
        waiting.out());

    // the lab publishes its certificate: the findings go on without a restart
    gpg.generateAgency("ACME AI findings <findings@acme.example>", "ed25519", "1y");
    Files.writeString(
        d.keys().resolve("labs/acme-ai.asc"),
        gpg.exportPublic("ACME AI findings <findings@acme.example>"));
    Await.until(
        "caisi's findings receipt sent",
        Duration.ofSeconds(60),
        () -> inSubmission(d, EventType.RECEIPT_SENT, finding) == 1);
    Path got = root.resolve("lab-findings").resolve(finding);
    Files.createDirectories(got);
    try (SftpClient lab = exchange.connect("acme-ai")) {
      assertEquals(List.of(finding), lab.ls("/findings/" + submission));
      for (String name : lab.ls("/findings/" + submission + "/" + finding)) {
        try (var out = Files.newOutputStream(got.resolve(name))) {
          lab.channel().get("/findings/" + submission + "/" + finding + "/" + name, out);
        }
      }
    }
    Path item =
        Files.list(got)
            .filter(p -> !p.getFileName().toString().startsWith("manifest"))
            .findFirst()
            .orElseThrow();
    Path opened = root.resolve("lab-report.md");
    Gpg.Result decrypted = gpg.run("--output", opened.toString(), "--decrypt", item.toString());
    assertEquals(0, decrypted.exit(), decrypted.stderr());
    assertTrue(decrypted.status().contains("GOODSIG"), decrypted.status());
    assertEquals(report, Files.readString(opened));
    Path labSecret = root.resolve("lab-secret.asc");
    Files.writeString(labSecret, gpg.exportSecret("ACME AI findings <findings@acme.example>"));
    Cli.Run received =
        Cli.prex(
            "receive",
            "--key",
            labSecret.toString(),
            "--signer",
            d.keys().resolve("exchange/signing.pub.asc").toString(),
            "--in",
            got.toString(),
            "--out",
            root.resolve("lab-received").toString());
    assertEquals(0, received.code(), received.err());
    assertEquals(report, Files.readString(root.resolve("lab-received/report.md")));
    assertEquals(
        2, exchange.transfers("nsa").size(), "shared with nsa, which holds the submission");
    assertEquals(
        List.of(), exchange.transfers("cisa"), "not with cisa, which the lab did not choose");

    ByteArrayOutputStream receipt = new ByteArrayOutputStream();
    try (SftpClient c =
        SftpClient.connect("caisi", exchange.server.sftpPort(), caisiKey, exchange.knownHosts)) {
      c.channel().get("/notices/" + finding + ".receipt.asc", receipt);
    }
    Path receiptFile = root.resolve("findings-receipt.asc");
    Files.write(receiptFile, receipt.toByteArray());
    assertTrue(gpg.run("--verify", receiptFile.toString()).status().contains("GOODSIG"));
    JsonNode r = JSON.readTree(signedText(Files.readString(receiptFile)));
    assertEquals("findings", r.get("kind").asText());
    assertEquals(submission, r.get("submission").asText());
    JsonNode to = r.get("items").get(0).get("delivered-to");
    assertEquals("acme-ai", to.get(0).get("lab").asText(), r.toString());
    assertEquals(finding, to.get(0).get("transfer").asText());
    assertEquals("nsa", to.get(1).get("agency").asText(), r.toString());
    JsonNode not = r.get("items").get(0).get("not-shared-with");
    assertEquals("cisa", not.get(0).get("agency").asText(), r.toString());
    assertTrue(
        not.get(0).get("why").asText().contains("was not delivered submission"), r.toString());
    Cli.Run shown = Cli.prex("audit", "show", finding, "--data", d.data().toString());
    assertEquals(0, shown.code(), shown.err());
    assertTrue(
        shown
            .out()
            .lines()
            .anyMatch(l -> l.contains(": delivered to acme-ai (transfer " + finding)),
        shown.out());
    assertFalse(shown.out().contains("in progress"), shown.out());
    assertTrue(
        Cli.prex("audit", "show", submission, "--data", d.data().toString())
            .out()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("findings " + finding + " from caisi received")
                        && l.contains("; delivered to nsa, the lab; receipt sent at ")));

    // a spill in findings reaches no one: held whole, sealed into quarantine
    try (SftpClient c =
        SftpClient.connect("caisi", exchange.server.sftpPort(), caisiKey, exchange.knownHosts)) {
      c.channel().mkdir("/returns/findings-2");
      c.put(
          "/returns/findings-2/notes.md",
          "SECRET//NOFORN\n\nnotes\n".getBytes(StandardCharsets.UTF_8));
      c.put(
          "/returns/findings-2/findings.yaml",
          ("submission: " + submission + "\nshare-with: [nsa]\nitems:\n  - path: notes.md\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    Await.until(
        "the spilled findings held and answered",
        Duration.ofSeconds(60),
        () ->
            Events.count(d, EventType.RECEIPT_SENT) >= 1
                && Events.count(d, EventType.FINDINGS_RECEIVED) == 2
                && Events.of(d).stream()
                    .anyMatch(
                        e ->
                            e.type() == EventType.RECEIPT_SENT
                                && e.reason().contains("held, nothing passed on")));
    String spilled =
        Events.of(d).stream()
            .filter(e -> e.type() == EventType.FINDINGS_RECEIVED && !e.item().equals(finding))
            .findFirst()
            .orElseThrow()
            .item();
    assertTrue(inSubmission(d, EventType.QUARANTINED, spilled) == 1);
    try (SftpClient lab = exchange.connect("acme-ai")) {
      assertEquals(List.of(finding), lab.ls("/findings/" + submission), "nothing of the spill");
    }
    assertEquals(2, exchange.transfers("nsa").size(), "nothing of the spill to nsa");
    assertTrue(
        Events.of(d).stream()
            .noneMatch(e -> e.type() == EventType.DELIVERED && spilled.equals(e.submission())));
    String story = Cli.prex("audit", "show", submission, "--data", d.data().toString()).out();
    assertTrue(
        story
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("findings " + spilled + " from caisi")
                        && l.contains("; 1 file(s) quarantined; receipt sent at ")
                        && !l.contains("delivered to")),
        story);
  }

  private static long inSubmission(Deployment d, EventType type, String submission) {
    return Events.of(d).stream()
        .filter(e -> e.type() == type && submission.equals(e.submission()))
        .count();
  }

  /** An SSH key pair made by ssh-keygen; its public half becomes the agency's account. */
  static Path agencyAccount(Path root, Deployment d, String agency) throws Exception {
    Path dir = Files.createDirectories(root.resolve("agency-ssh"));
    Path key = dir.resolve(agency);
    Process p =
        new ProcessBuilder(
                "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", agency, "-f", key.toString())
            .redirectErrorStream(true)
            .start();
    assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
    Files.copy(
        dir.resolve(agency + ".pub"), d.keys().resolve("agencies").resolve(agency + ".ssh.pub"));
    return key;
  }

  /** Puts a file as the agency, over its own SFTP session, the way sftp put does. */
  static void put(RunningExchange exchange, Path key, String agency, String path, byte[] bytes)
      throws Exception {
    try (SftpClient c =
        SftpClient.connect(agency, exchange.server.sftpPort(), key, exchange.knownHosts)) {
      c.put(path, bytes);
    }
  }

  static List<String> notices(RunningExchange exchange, Path key, String agency) {
    try (SftpClient c =
        SftpClient.connect(agency, exchange.server.sftpPort(), key, exchange.knownHosts)) {
      return c.ls("/notices").stream().filter(n -> n.endsWith(".json.pgp")).toList();
    } catch (Exception e) {
      return List.of();
    }
  }

  /** Waits for a review receipt whose field {@code field} lists {@code size} entries. */
  static JsonNode awaitReviewReceipt(
      RunningExchange exchange, Gpg gpg, Deployment d, String field, int size) throws Exception {
    JsonNode[] found = new JsonNode[1];
    Await.until(
        "a review receipt with " + size + " " + field,
        Duration.ofSeconds(30),
        () -> {
          try (SftpClient c = exchange.connect("acme-ai")) {
            for (String name : c.ls("/receipts")) {
              if (!name.contains(".review-")) {
                continue;
              }
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              c.channel().get("/receipts/" + name, out);
              JsonNode j = JSON.readTree(signedText(out.toString(StandardCharsets.UTF_8)));
              if (j.get(field).size() == size) {
                Path f = Files.createTempFile(gpg.home(), "review", ".asc");
                Files.write(f, out.toByteArray());
                assertTrue(gpg.run("--verify", f.toString()).status().contains("GOODSIG"));
                found[0] = j;
                return true;
              }
            }
            return false;
          } catch (Exception e) {
            return false;
          }
        });
    return found[0];
  }

  /** The signed text of a clear-signed document (JSON is never dash-escaped). */
  static String signedText(String clearSigned) {
    int start = clearSigned.indexOf("\n\n") + 2;
    int end = clearSigned.indexOf("\n-----BEGIN PGP SIGNATURE-----");
    return clearSigned.substring(start, end);
  }

  static String sha(String text) {
    var d = Sha256.newDigest();
    d.update(text.getBytes(StandardCharsets.UTF_8));
    return Sha256.hex(d);
  }
}
