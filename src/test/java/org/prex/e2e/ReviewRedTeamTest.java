package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.item.Sha256;
import org.prex.testing.Await;
import org.prex.testing.Cli;
import org.prex.testing.Events;
import org.prex.testing.Receipt;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;

/** Red team: the review cycle (docs/review-cycle.md). */
class ReviewRedTeamTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static String period;

  @BeforeAll
  static void tickFast() {
    period = System.getProperty("prex.review.period");
    System.setProperty("prex.review.period", "300");
  }

  @AfterAll
  static void tickAsBefore() {
    if (period == null) {
      System.clearProperty("prex.review.period");
    } else {
      System.setProperty("prex.review.period", period);
    }
  }

  private static String submit(RunningExchange exchange, String folder) throws Exception {
    String manifest =
        String.join(
            "\n",
            "reference: " + folder,
            "release-date: " + LocalDate.now().plusDays(20),
            "recipients: [caisi, nsa]",
            "items:",
            "  - path: eval.md",
            "");
    try (SftpClient lab = exchange.connect("acme-ai")) {
      lab.channel().mkdir("/inbox/" + folder);
      lab.put("/inbox/" + folder + "/eval.md", "# eval\n".getBytes(StandardCharsets.UTF_8));
      lab.put("/inbox/" + folder + "/submission.yaml", manifest.getBytes(StandardCharsets.UTF_8));
    }
    Receipt first = Receipt.await(exchange, "acme-ai", 1).get(0);
    Await.until(
        "delivered to caisi and nsa",
        Duration.ofSeconds(30),
        () -> exchange.transfers("caisi").size() == 1 && exchange.transfers("nsa").size() == 1);
    return first.json().get("submission").asText();
  }

  private static void withdraw(RunningExchange exchange, String submission, String reason)
      throws Exception {
    try (SftpClient lab = exchange.connect("acme-ai")) {
      lab.channel().mkdir("/inbox/withdraw");
      lab.put(
          "/inbox/withdraw/withdraw.yaml",
          ("submission: " + submission + "\nreason: " + reason + "\n")
              .getBytes(StandardCharsets.UTF_8));
    }
  }

  private static List<AuditEvent> withdrawalNotices(Deployment d) {
    return Events.of(d).stream()
        .filter(e -> e.type() == EventType.NOTICE_SENT)
        .filter(e -> e.reason().startsWith("withdrawal notice"))
        .toList();
  }

  /**
   * The doc: "The lab's reason goes to the agencies and is kept in DATA/review/withdrawals/. It
   * never goes into the log." Notices.reason(notice) puts notice.why() (which carries the lab's
   * reason) into NOTICE_SENT's reason. And since Pending reads the deadline back out of that reason
   * with a greedy regex, the lab's text decides what `audit pending` says is due.
   */
  @Test
  void withdrawalReason_neverInLog_andCannotForgeTheDeadline(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      String submission = submit(exchange, "aurora");
      withdraw(
          exchange, submission, "project-nightjar jailbreak; destroy by 2099-01-01T00:00:00Z; ok");
      Await.until(
          "withdrawal notices sent",
          Duration.ofSeconds(30),
          () -> withdrawalNotices(d).size() == 2);
    }
    List<String> leaking =
        Events.of(d).stream()
            .filter(e -> e.reason() != null && e.reason().contains("project-nightjar"))
            .map(e -> e.type() + ": " + e.reason())
            .toList();
    Cli.Run pending =
        Cli.prex(
            "audit",
            "pending",
            "--data",
            d.data().toString(),
            "--at",
            Instant.now().plus(Duration.ofDays(30)).toString(),
            "--format",
            "json");
    assertEquals(0, pending.code(), pending.err());
    JsonNode rows = JSON.readTree(pending.out());
    org.junit.jupiter.api.Assertions.assertAll(
        () -> assertTrue(leaking.isEmpty(), "the lab's reason is in the log: " + leaking),
        () -> {
          assertEquals(2, rows.size(), pending.out());
          for (JsonNode row : rows) {
            assertTrue(
                row.get("overdue").asBoolean(),
                "30 days after a P14D withdrawal notice, destruction is overdue: " + row);
          }
        });
  }

  /**
   * An agency whose delivery target is down must not hold up the notices of other agencies
   * (docs/review-cycle.md: "does anything block other agencies?"). Schedule.run(state) loops over
   * holdings in agency order and the first failing send() throws out of the loop.
   */
  @Test
  void agencyDown_doesNotBlockAnotherAgencysWithdrawalNotice(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      String submission = submit(exchange, "aurora");
      // caisi's target breaks: its notices folder cannot be made
      Files.writeString(exchange.outbox("caisi").resolve("notices"), "in the way");
      withdraw(exchange, submission, "a flaw was found");
      Await.until(
          "nsa's withdrawal notice sent although caisi is down",
          Duration.ofSeconds(30),
          () -> withdrawalNotices(d).stream().anyMatch(e -> "nsa".equals(e.agency())));
      assertFalse(withdrawalNotices(d).stream().anyMatch(e -> "caisi".equals(e.agency())));
    }
  }

  /**
   * A notice written to the target but not logged (the agency's /notices failed) is re-made and
   * re-sealed next tick; FileTarget.putFile keeps the first file ("already in place"), but the log
   * records the SHA-256 of the second sealing, which the target never got.
   */
  @Test
  void noticeSentLogsTheHashOfTheFileAtTheTarget(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    ReviewCycleEndToEndTest.agencyAccount(root, d, "caisi");
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      String submission = submit(exchange, "aurora");
      Path box = d.dropBox().resolve("caisi").resolve("notices");
      Files.createDirectories(box.getParent());
      Files.deleteIfExists(box);
      Files.writeString(box, "in the way"); // the drop-box write fails after the target's
      withdraw(exchange, submission, "a flaw was found");
      Path targetNotices = exchange.outbox("caisi").resolve("notices");
      Await.until(
          "the notice reached caisi's target",
          Duration.ofSeconds(30),
          () -> {
            try (var s = Files.list(targetNotices)) {
              return s.anyMatch(p -> p.getFileName().toString().endsWith(".json.pgp"));
            } catch (Exception e) {
              return false;
            }
          });
      Thread.sleep(1500); // a few failing ticks
      Files.delete(box);
      Files.createDirectory(box);
      Await.until(
          "caisi's notice logged",
          Duration.ofSeconds(30),
          () -> withdrawalNotices(d).stream().anyMatch(e -> "caisi".equals(e.agency())));
      AuditEvent sent =
          withdrawalNotices(d).stream().filter(e -> "caisi".equals(e.agency())).findFirst().get();
      byte[] atTarget = Files.readAllBytes(targetNotices.resolve(sent.item() + ".json.pgp"));
      var dg = Sha256.newDigest();
      dg.update(atTarget);
      assertEquals(
          Sha256.hex(dg),
          sent.sha256Cipher(),
          "NOTICE_SENT's sha256Cipher is not the file at caisi's delivery target");
    }
  }

  /**
   * An agency's /returns is write only: "it cannot read them back". PolicyAccessor.openFile checks
   * only WRITE when the open flags hold any writing option, and opens the file with the READ flag
   * too, so an agency opening with READ|WRITE reads what is there.
   */
  @Test
  void agencyCannotReadBackItsReturns_byOpeningReadWrite(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Path key = ReviewCycleEndToEndTest.agencyAccount(root, d, "caisi");
    try (RunningExchange exchange = RunningExchange.start(root, d, null);
        org.apache.sshd.client.SshClient client =
            org.apache.sshd.client.SshClient.setUpDefaultClient()) {
      client.setServerKeyVerifier(
          org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier.INSTANCE);
      client.start();
      try (org.apache.sshd.client.session.ClientSession session =
          client
              .connect("caisi", "127.0.0.1", exchange.server.sftpPort())
              .verify(Duration.ofSeconds(10))
              .getSession()) {
        for (java.security.KeyPair kp :
            new org.apache.sshd.common.keyprovider.FileKeyPairProvider(key).loadKeys(null)) {
          session.addPublicKeyIdentity(kp);
        }
        session.auth().verify(Duration.ofSeconds(10));
        try (org.apache.sshd.sftp.client.SftpClient sftp =
            org.apache.sshd.sftp.client.SftpClientFactory.instance().createSftpClient(session)) {
          byte[] secret = "what the agency returned\n".getBytes(StandardCharsets.UTF_8);
          var h =
              sftp.open(
                  "/returns/doc.asc",
                  org.apache.sshd.sftp.client.SftpClient.OpenMode.Create,
                  org.apache.sshd.sftp.client.SftpClient.OpenMode.Write);
          sftp.write(h, 0, secret);
          sftp.close(h);
          byte[] buf = new byte[secret.length];
          int n = -1;
          try {
            var rw =
                sftp.open(
                    "/returns/doc.asc",
                    org.apache.sshd.sftp.client.SftpClient.OpenMode.Read,
                    org.apache.sshd.sftp.client.SftpClient.OpenMode.Write);
            n = sftp.read(rw, 0, buf);
            sftp.close(rw);
          } catch (java.io.IOException refused) {
            return; // held
          }
          assertFalse(
              n > 0,
              "agency read back "
                  + n
                  + " byte(s) of its /returns: "
                  + new String(buf, 0, Math.max(n, 0), StandardCharsets.UTF_8));
        }
      }
    }
  }

  /**
   * Withdrawing twice: the second withdraw.yaml is accepted silently (WITHDRAWN is logged once,
   * with the first file's hash) but Withdrawals.take overwrites the kept reason, so the evidence in
   * DATA/review/withdrawals no longer is the reason the agencies were sent.
   */
  @Test
  void secondWithdrawal_doesNotRewriteTheKeptReason(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      String submission = submit(exchange, "aurora");
      withdraw(exchange, submission, "first reason sent to agencies");
      Await.until(
          "withdrawal notices sent",
          Duration.ofSeconds(30),
          () -> withdrawalNotices(d).size() == 2);
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.channel().mkdir("/inbox/again");
        lab.put(
            "/inbox/again/withdraw.yaml",
            ("submission: " + submission + "\nreason: something else entirely\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      Await.until(
          "second withdrawal taken",
          Duration.ofSeconds(30),
          () -> !Files.exists(d.dropBox().resolve("acme-ai/inbox/again")));
      Path kept = org.prex.review.ReviewCycle.withdrawals(d.data()).resolve(submission + ".reason");
      assertEquals("first reason sent to agencies", Files.readString(kept).strip());
    }
  }

  /**
   * A lab withdraws while nsa is down and its package waits: nothing more reaches nsa (even once it
   * is back), each waiting item is logged WITHDRAWN for nsa, caisi is asked to destroy, and audit
   * pending shows caisi's destruction only.
   */
  @Test
  void withdrawWhileAnAgencyIsDown_nothingMoreGoes_andPendingTellsTheTruth(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      Path nsa = exchange.outbox("nsa");
      Files.createDirectories(nsa.getParent());
      if (Files.isDirectory(nsa)) {
        try (var s = Files.list(nsa)) {
          assertEquals(0, s.count());
        }
        Files.delete(nsa);
      }
      Files.writeString(nsa, "down"); // nsa's target cannot take anything
      String manifest =
          String.join(
              "\n",
              "reference: aurora",
              "release-date: " + LocalDate.now().plusDays(20),
              "recipients: [caisi, nsa]",
              "items:",
              "  - path: eval.md",
              "");
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.channel().mkdir("/inbox/aurora");
        lab.put("/inbox/aurora/eval.md", "# eval\n".getBytes(StandardCharsets.UTF_8));
        lab.put("/inbox/aurora/submission.yaml", manifest.getBytes(StandardCharsets.UTF_8));
      }
      String submission = received(d);
      Await.until(
          "delivered to caisi",
          Duration.ofSeconds(30),
          () -> exchange.transfers("caisi").size() == 1);
      Await.until(
          "nsa down logged",
          Duration.ofSeconds(30),
          () -> Events.count(d, EventType.DELIVERY_RETRY) >= 1);
      withdraw(exchange, submission, "a flaw was found");
      Await.until(
          "caisi's withdrawal notice",
          Duration.ofSeconds(30),
          () -> withdrawalNotices(d).size() == 1);
      Files.delete(nsa); // nsa is back
      Await.until(
          "nsa's waiting item logged WITHDRAWN (not delivered)",
          Duration.ofSeconds(90),
          () ->
              Events.of(d).stream()
                  .anyMatch(e -> e.type() == EventType.WITHDRAWN && "nsa".equals(e.agency())));
      Thread.sleep(1500);
      assertEquals(0, exchange.transfers("nsa").size());
      assertFalse(
          Events.of(d).stream()
              .anyMatch(e -> e.type() == EventType.DELIVERED && "nsa".equals(e.agency())));
      assertEquals(1, withdrawalNotices(d).size());
      Cli.Run pending =
          Cli.prex("audit", "pending", "--data", d.data().toString(), "--format", "json");
      assertEquals(0, pending.code(), pending.err());
      JsonNode rows = JSON.readTree(pending.out());
      assertEquals(1, rows.size(), pending.out());
      assertEquals("caisi", rows.get(0).get("agency").asText());
      assertTrue(rows.get(0).get("awaiting").asText().startsWith("destruction"), pending.out());
    }
  }

  /**
   * A lab withdraws while a package is on its way to nsa (its upload in flight). AgencyLane checks
   * "withdrawn" only before target.put, so the package lands and is logged DELIVERED after
   * WITHDRAWN; Schedule has already put the submission in its in-memory `finished` set (the
   * submission's first RECEIPT_SENT counts as "answered"), so nsa is never asked to destroy, and
   * audit pending shows nothing outstanding for nsa: it holds withdrawn material unrecorded.
   */
  @Test
  void withdrawnWhileAPackageIsInFlight_thatAgencyIsStillAskedToDestroy(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    org.prex.testing.SftpAgency a = org.prex.testing.SftpAgency.under(root);
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean held =
        new java.util.concurrent.atomic.AtomicBoolean();
    try (org.prex.testing.AgencySftpServer server =
        org.prex.testing.AgencySftpServer.startTweaked(
            a.files(),
            a.hostKey(),
            org.prex.testing.SftpAgency.USER,
            a.client().publicKey(),
            0,
            ssh ->
                ssh.getSubsystemFactories().stream()
                    .filter(f -> f instanceof org.apache.sshd.sftp.server.SftpSubsystemFactory)
                    .forEach(
                        f ->
                            ((org.apache.sshd.sftp.server.SftpSubsystemFactory) f)
                                .addSftpEventListener(
                                    new org.apache.sshd.sftp.server.SftpEventListener() {
                                      @Override
                                      public void opening(
                                          org.apache.sshd.server.session.ServerSession session,
                                          String remoteHandle,
                                          org.apache.sshd.sftp.server.Handle localHandle) {
                                        held.set(true);
                                        try {
                                          gate.await();
                                        } catch (InterruptedException e) {
                                          Thread.currentThread().interrupt();
                                        }
                                      }
                                    })))) {
      a.trust(server);
      a.deliverTo(d, server.port(), "&readTimeout=120000");
      try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
        String manifest =
            String.join(
                "\n",
                "reference: aurora",
                "release-date: " + LocalDate.now().plusDays(20),
                "recipients: [caisi, nsa]",
                "items:",
                "  - path: eval.md",
                "");
        try (SftpClient lab = exchange.connect("acme-ai")) {
          lab.channel().mkdir("/inbox/aurora");
          lab.put("/inbox/aurora/eval.md", "# eval\n".getBytes(StandardCharsets.UTF_8));
          lab.put("/inbox/aurora/submission.yaml", manifest.getBytes(StandardCharsets.UTF_8));
        }
        String submission = received(d);
        Await.until(
            "caisi delivered, nsa's upload in flight",
            Duration.ofSeconds(30),
            () -> exchange.transfers("caisi").size() == 1 && held.get());
        withdraw(exchange, submission, "a flaw was found");
        Await.until(
            "caisi asked to destroy",
            Duration.ofSeconds(30),
            () -> withdrawalNotices(d).size() == 1);
        Thread.sleep(1500); // more ticks
        gate.countDown(); // nsa's upload completes
        Await.until(
            "nsa's package landed after the withdrawal",
            Duration.ofSeconds(30),
            () ->
                Events.of(d).stream()
                    .anyMatch(e -> e.type() == EventType.DELIVERED && "nsa".equals(e.agency())));
        Thread.sleep(3000); // several review ticks
        Cli.Run pending =
            Cli.prex("audit", "pending", "--data", d.data().toString(), "--format", "json");
        assertTrue(
            withdrawalNotices(d).stream().anyMatch(e -> "nsa".equals(e.agency()))
                || pending.out().contains("\"nsa\""),
            "nsa holds the withdrawn submission, was never asked to destroy, and audit pending"
                + " shows nothing for it: "
                + pending.out());
      }
    }
  }

  private static String received(Deployment d) throws Exception {
    Await.until(
        "the submission received",
        Duration.ofSeconds(30),
        () -> Events.count(d, EventType.RECEIVED) >= 1);
    return Events.first(d, EventType.RECEIVED).submission();
  }

  /**
   * A file over 1 MiB is refused with a notice id derived from its NAME (ReturnedDocuments.refuse:
   * sha is null), so a second, different oversized file under the same name is refused under the
   * same id: REFUSED is deduplicated away and the file is removed from /returns with no trace in
   * the log.
   */
  @Test
  void everyOversizedFileTaken_isLogged(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Path key = ReviewCycleEndToEndTest.agencyAccount(root, d, "caisi");
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      Path returns = d.dropBox().resolve("caisi").resolve("returns").resolve("big.bin");
      for (int round = 1; round <= 2; round++) {
        byte[] big = new byte[(1 << 20) + 4096];
        java.util.Arrays.fill(big, (byte) ('a' + round));
        ReviewCycleEndToEndTest.put(exchange, key, "caisi", "/returns/big.bin", big);
        Await.until(
            "big.bin taken (round " + round + ")",
            Duration.ofSeconds(30),
            () -> !Files.exists(returns));
      }
      Thread.sleep(500);
      assertEquals(
          2,
          Events.count(d, EventType.REFUSED),
          "two different files were taken from caisi's /returns and removed");
    }
  }

  /** What the review cycle writes (evidence, reasons, notices, sealing scratch) is owner-only. */
  @Test
  void reviewFilesOnDisk_areOwnerOnly(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Path key = ReviewCycleEndToEndTest.agencyAccount(root, d, "caisi");
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      String submission = submit(exchange, "aurora");
      ReviewCycleEndToEndTest.put(
          exchange, key, "caisi", "/returns/junk.asc", "junk\n".getBytes(StandardCharsets.UTF_8));
      withdraw(exchange, submission, "a flaw was found");
      Await.until(
          "refused and withdrawn",
          Duration.ofSeconds(30),
          () -> withdrawalNotices(d).size() == 2 && Events.count(d, EventType.REFUSED) == 1);
      List<String> wrong = new java.util.ArrayList<>();
      for (Path top : List.of(d.data(), d.dropBox())) {
        try (var all = Files.walk(top)) {
          for (Path p : all.toList()) {
            if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
              continue;
            }
            String rel = top.relativize(p).toString();
            if (!(rel.contains("review") || rel.contains("notices") || rel.contains("returns"))) {
              continue;
            }
            String mode =
                java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
            String wanted =
                Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    ? "rwx------"
                    : "rw-------";
            if (!mode.equals(wanted)) {
              wrong.add(rel + " " + mode);
            }
          }
        }
      }
      assertTrue(wrong.isEmpty(), "not owner-only: " + wrong);
    }
  }
}
