package org.prex.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.classify.Classifier;
import org.prex.config.Policy;
import org.prex.deliver.DeliveryTarget;
import org.prex.item.Ids;
import org.prex.receipt.Checkpointer;
import org.prex.review.FindingsRedTeamTest.Rig;
import org.prex.seal.ClearSigner;
import org.prex.seal.PublicCert;
import org.prex.seal.Sealer;
import org.prex.testing.AgencyMail;
import org.prex.testing.Policies;

/**
 * Red team, third round: the findings path as changed in commit e3f9aa1 (a folder recognised as
 * taken only if findings.yaml and every file left are that finding's; who gets each file worked out
 * on every attempt; empty folders removed silently; dot-named entries taken after
 * partial-upload-max-age), attacked as a hostile agency, a hostile lab, a broken agency server and
 * an operator reloading policy at the worst moment. Each test is one defect and fails while the
 * defect is there; the tests named heldUp_ are checks that held.
 */
class FindingsRedTeamThreeTest {
  static final String LAB = FindingsRedTeamTest.LAB;

  // ---------------------------------------------------------------------------------------------
  // helpers

  /** The rig's policy with cisa limited to the categories given (a reload that changes it). */
  private static Policy policy(String cisaCategories) throws Exception {
    return Policies.parse(
        "version: 1",
        "default-designation: CUI//SP-PROPIN",
        "manifest-timeout: PT1H",
        "agencies:",
        "  caisi: { country: USA, federal: true, categories: [PROPIN, EXPT],"
            + " deliver: 'file:outbox/caisi' }",
        "  cisa: { country: USA, federal: true, categories: ["
            + cisaCategories
            + "], deliver: 'file:outbox/cisa' }",
        "  nsa: { country: USA, federal: true, categories: [PROPIN, EXPT],"
            + " deliver: 'file:outbox/nsa' }");
  }

  /** What each agency's server was handed: transfer id → the files in the package. */
  static final class Outbox {
    final Map<String, Map<String, Set<String>>> packages = new java.util.TreeMap<>();
    final Map<String, AtomicInteger> down = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<String, String> receipts = new java.util.TreeMap<>();
    final AtomicInteger noticesDown = new AtomicInteger();

    /** Every file name in every package an agency was handed. */
    Set<String> filesTo(String agency) {
      Set<String> out = new TreeSet<>();
      packages.getOrDefault(agency, Map.of()).values().forEach(out::addAll);
      return out;
    }
  }

  /**
   * A Findings over the rig's log, staging and drop box, as serve builds it after a restart or a
   * reload: its own policy and key set; agency servers that record each package's files and may be
   * down; the lab's certificate as {@code labCert} holds it at each call.
   */
  private static Findings findings(
      Rig rig, Policy policy, AtomicReference<PublicCert> labCert, Outbox outbox) throws Exception {
    var key = AgencyMail.exchangeKey();
    Sealer sealer = new Sealer(key);
    ClearSigner signer = new ClearSigner(key);
    Map<String, PublicCert> certs = new HashMap<>();
    Map<String, DeliveryTarget> targets = new HashMap<>();
    for (String agency : List.of("caisi", "cisa", "nsa")) {
      certs.put(agency, AgencyMail.agencyCert(agency));
      targets.put(agency, target(agency, outbox));
    }
    return new Findings(
        new Findings.Parts(
            rig.log,
            rig.staging,
            () -> policy,
            "1".repeat(64),
            new Findings.Inspection(new Classifier(), () -> rig.inspector),
            sealer,
            new org.prex.quarantine.Quarantine(
                sealer,
                PublicCert.read(AgencyMail.KEYS.resolve("exchange/quarantine.asc")),
                rig.root.resolve("quarantine"),
                rig.staging,
                rig.log),
            certs,
            lab -> lab.equals(LAB) ? Optional.ofNullable(labCert.get()) : Optional.empty(),
            targets,
            new LabFindingsBox(() -> rig.box),
            (agency, name, content) -> {
              if (outbox.noticesDown.getAndDecrement() > 0) {
                throw new IOException("notices of " + agency + " unavailable");
              }
              outbox.receipts.put(
                  name, new String(content, java.nio.charset.StandardCharsets.UTF_8));
              rig.notices.computeIfAbsent(agency, a -> new ArrayList<>()).add(name);
            },
            signer,
            new Checkpointer(rig.log, signer),
            rig.clock));
  }

  private static DeliveryTarget target(String agency, Outbox outbox) {
    return new DeliveryTarget() {
      @Override
      public boolean has(String transferId) {
        return outbox.packages.getOrDefault(agency, Map.of()).containsKey(transferId);
      }

      @Override
      public void put(Path packageDir, String transferId) throws IOException {
        AtomicInteger d = outbox.down.get(agency);
        if (d != null && d.getAndDecrement() > 0) {
          throw new IOException("agency " + agency + " is down");
        }
        Set<String> names = new TreeSet<>();
        try (var list = Files.list(packageDir)) {
          list.forEach(p -> names.add(p.getFileName().toString()));
        }
        outbox
            .packages
            .computeIfAbsent(agency, a -> new java.util.TreeMap<>())
            .putIfAbsent(transferId, names);
      }

      @Override
      public void putFile(String folder, String name, Path file) throws IOException {
        throw new IOException("not used");
      }
    };
  }

  /** The item id of the file listed on {@code line}, from its RECEIVED event's reason. */
  private static String itemListedOnLine(Rig rig, int line) {
    return rig.events(EventType.RECEIVED).stream()
        .filter(e -> e.reason() != null && e.reason().endsWith("listed on line " + line))
        .map(AuditEvent::item)
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  /**
   * A finding of two files: report.md (CUI//SP-PROPIN, line 4) and exploit.md (SP-EXPT, line 5).
   */
  private static void twoFileFinding(Rig rig) throws IOException {
    rig.box.put("caisi/returns/f1/report.md", "# Findings\n\nThe model is fine.\n");
    rig.box.put("caisi/returns/f1/exploit.md", "# Export-controlled details\n\nsteps ...\n");
    rig.box.put(
        "caisi/returns/f1/findings.yaml",
        rig.yaml(
            "share-with: [cisa]",
            "items:",
            "  - path: report.md",
            "  - path: exploit.md",
            "    designation: CUI//SP-EXPT"));
    assertInstanceOf(FindingsIntake.Taken.class, rig.take("f1"));
  }

  // ---------------------------------------------------------------------------------------------
  // defects

  /**
   * HIGH, a file delivered to an agency the policy in force forbids it. Who gets each file is now
   * worked out on every attempt (Findings.route, Findings.java:158), but the packages are not:
   * TransferSealer.seal (TransferSealer.java:110-114) reuses the whole package already sealed for
   * cisa on the first attempt, whatever files it holds, as long as it was sealed to cisa's current
   * key. cisa's server is down on the first attempt (its package holds report.md and the SP-EXPT
   * exploit.md); the operator then reloads a policy under which cisa may receive SP-PROPIN only.
   * The next attempt routes only report.md to cisa, but Findings.deliver (Findings.java:315-327)
   * hands cisa the old package, exploit.md included. The log and the receipt say exploit.md was not
   * shared with cisa ("not-shared-with"), so nobody even knows.
   *
   * <p>Fix: a waiting package is reused only if it holds exactly the items now routed to that
   * recipient (compare its SEALED events' items with byAgency's); otherwise delete and seal again.
   * Findings could also pass its own check before deliver: the package's items equal the routed
   * ones.
   */
  @Test
  void aReloadThatTightensAnAgency_isNotBypassedByAPackageSealedBefore(@TempDir Path root)
      throws Exception {
    try (Rig rig = new Rig(root)) {
      twoFileFinding(rig);
      String exploit = itemListedOnLine(rig, 5);
      Outbox outbox = new Outbox();
      AtomicReference<PublicCert> labCert =
          new AtomicReference<>(AgencyMail.agencyCert("doe-labs"));
      outbox.down.put("cisa", new AtomicInteger(1));
      findings(rig, policy("PROPIN, EXPT"), labCert, outbox).handleAll(); // cisa down
      assertEquals(1, rig.labPackages().size(), "the lab got its package");
      assertTrue(outbox.packages.isEmpty());

      // reload: cisa may receive SP-PROPIN only from now on
      rig.clock.advance(Duration.ofHours(1));
      findings(rig, policy("PROPIN"), labCert, outbox).handleAll();

      assertTrue(
          outbox.filesTo("cisa").stream().noneMatch(f -> f.startsWith(exploit)),
          "cisa, which the policy in force lets receive SP-PROPIN only, was handed the SP-EXPT file "
              + exploit
              + " in package(s) "
              + outbox.packages.get("cisa")
              + "; DELIVERED events to cisa name only "
              + rig.events(EventType.DELIVERED).stream()
                  .filter(e -> "cisa".equals(e.agency()))
                  .map(AuditEvent::item)
                  .toList());
    }
  }

  /**
   * HIGH, the log and the receipt claim a delivery that did not happen. The other way round: on the
   * first attempt cisa may receive SP-PROPIN only, so its package holds report.md alone, and its
   * server is down. A reload then lets cisa receive SP-EXPT too. The next attempt routes both files
   * to cisa, TransferSealer reuses the old package (TransferSealer.java:110-114), and
   * Findings.deliver (Findings.java:329-344) logs DELIVERED to cisa for both files under that
   * package's transfer id; caisi's receipt says exploit.md was delivered to cisa. It was not: the
   * package cisa got holds report.md only, and exploit.md will never be sent (it is "delivered").
   *
   * <p>Fix: as above (reseal when the routed items differ from the waiting package's); and log
   * DELIVERED only for the items that were sealed into the transfer (its SEALED events).
   */
  @Test
  void aReloadThatLoosensAnAgency_neverLogsADeliveryThatDidNotHappen(@TempDir Path root)
      throws Exception {
    try (Rig rig = new Rig(root)) {
      twoFileFinding(rig);
      String exploit = itemListedOnLine(rig, 5);
      Outbox outbox = new Outbox();
      AtomicReference<PublicCert> labCert =
          new AtomicReference<>(AgencyMail.agencyCert("doe-labs"));
      outbox.down.put("cisa", new AtomicInteger(1));
      findings(rig, policy("PROPIN"), labCert, outbox).handleAll(); // cisa down
      rig.clock.advance(Duration.ofHours(1));
      findings(rig, policy("PROPIN, EXPT"), labCert, outbox).handleAll();

      List<String> claimed =
          rig.events(EventType.DELIVERED).stream()
              .filter(e -> "cisa".equals(e.agency()) && e.submission().startsWith("f-"))
              .filter(
                  e ->
                      !outbox
                          .packages
                          .getOrDefault("cisa", Map.of())
                          .getOrDefault(e.transfer(), Set.of())
                          .contains(e.item() + ".pgp"))
              .map(e -> e.item() + " in " + e.transfer())
              .toList();
      String receipt = String.join("\n", outbox.receipts.values());
      assertEquals(
          List.of(),
          claimed,
          "DELIVERED to cisa logged for files its package does not hold (exploit.md is "
              + exploit
              + "); cisa was handed "
              + outbox.packages.get("cisa")
              + "; the receipt claims it too: "
              + receipt.contains(exploit));
    }
  }

  /**
   * MEDIUM, a finding taken twice (both the lab and cisa get it twice). A key (path, size, time) is
   * looked up by Staging.takenAs (Staging.java:236-239), which answers from the markers of findings
   * handled (DATA/review/taken) before those in custody. An agency returns a second round of
   * findings about the same submission, the ordinary way: the same folder name, the same unchanged
   * findings.yaml (its time kept by the client), a new report.md. It is rightly taken as a new
   * finding F2. cisa's server is down, so F2 stays in custody. The drop box drops the session while
   * the folder is removed (the first remove fails). On the next poll FindingsIntake.takenBefore
   * (FindingsIntake.java:210-223) finds findings.yaml "taken as" F1 (the marker, older) and
   * report.md taken as F2 (custody): not the same finding, so the folder is not recognised; it
   * lists nothing missing, so it is taken a third time as F3, and the lab and cisa get the second
   * round twice.
   *
   * <p>Fix: a key may belong to several findings: takenAs should answer every finding a key was
   * taken as (custody and markers), and takenBefore should accept the folder when one finding holds
   * findings.yaml and every file left (or prefer custody, the newest, over markers).
   */
  @Test
  void aSecondRoundInTheSameFolder_whoseRemovalIsCutOff_isNotTakenTwice(@TempDir Path root)
      throws Exception {
    try (Rig rig = new Rig(root)) {
      Returns returns = rig.returns();
      String yaml = rig.yaml("share-with: [cisa]", "items:", "  - path: report.md");
      rig.box.put("caisi/returns/findings/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put("caisi/returns/findings/findings.yaml", yaml);
      returns.poll();
      returns.poll();
      rig.tick();
      assertEquals(1, rig.labPackages().size(), "round one reached the lab");

      // round two: the same findings.yaml (unchanged, its time kept), a new report.md
      rig.box.put(
          "caisi/returns/findings/report.md",
          "# Findings, round two\n\nAfter a re-test the model is NOT fine.\n");
      rig.box.times.put("caisi/returns/findings/report.md", 1_700_100_000_000L);
      rig.box.put("caisi/returns/findings/findings.yaml", yaml);
      rig.targetDown.put("cisa", new AtomicInteger(3)); // cisa's server down for a while
      AtomicInteger reportRemovals = new AtomicInteger();
      rig.box.failRemove =
          p ->
              p.equals("caisi/returns/findings/report.md") && reportRemovals.incrementAndGet() == 1;
      for (int poll = 0; poll < 6; poll++) {
        returns.poll();
        rig.tick();
      }

      assertTrue(!rig.box.dirs.contains("caisi/returns/findings"), "removed in the end");
      assertEquals(
          2,
          rig.events(EventType.FINDINGS_RECEIVED).size(),
          "two rounds of findings taken as "
              + rig.events(EventType.FINDINGS_RECEIVED).size()
              + " findings; the lab got packages "
              + rig.labPackages()
              + ", cisa "
              + rig.shared.get("cisa"));
    }
  }

  /**
   * MEDIUM, a finding delivered in full is never answered. Findings.handle looks for the lab's
   * certificate whenever some file is not held (Findings.java:160-165), even when every package was
   * delivered already. The lab and cisa get their packages; writing caisi's receipt then fails once
   * (a drop-box hiccup); meanwhile the lab's certificate expires (or the lab revokes it, or a
   * hostile lab removes KEYS/labs/acme-ai.asc). Every later attempt stops at "waiting: lab ... has
   * no usable certificate" and logs DELIVERY_RETRY: caisi never gets the receipt for findings that
   * were delivered, and the finding sits in staging and audit pending for as long as the lab
   * chooses. A lab can so keep an agency from ever learning its findings were received.
   *
   * <p>Fix: ask for the lab's certificate only when the lab's package is still to be sealed or
   * delivered (some deliverable item without DELIVERED to the lab); otherwise go on to the
   * remaining recipients and the receipt.
   */
  @Test
  void aFindingDeliveredInFull_isAnswered_whateverBecameOfTheLabsCertificate(@TempDir Path root)
      throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/f1/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put(
          "caisi/returns/f1/findings.yaml",
          rig.yaml("share-with: [cisa]", "items:", "  - path: report.md"));
      assertInstanceOf(FindingsIntake.Taken.class, rig.take("f1"));
      Outbox outbox = new Outbox();
      outbox.noticesDown.set(1);
      AtomicReference<PublicCert> labCert =
          new AtomicReference<>(AgencyMail.agencyCert("doe-labs"));
      Findings f = findings(rig, rig.policy, labCert, outbox);
      f.handleAll(); // the lab and cisa get it; the receipt fails
      assertEquals(1, rig.labPackages().size());
      assertEquals(1, outbox.packages.get("cisa").size());

      labCert.set(null); // the lab's certificate expires, or is taken away
      for (int tick = 0; tick < 5; tick++) {
        rig.clock.advance(Duration.ofHours(1));
        f.handleAll();
      }
      assertEquals(
          1,
          outbox.receipts.size(),
          "delivered to the lab and cisa, but caisi is never answered; logged instead: "
              + rig.events(EventType.DELIVERY_RETRY).stream().map(AuditEvent::reason).toList());
      assertTrue(rig.staging.pending().isEmpty(), "the finding is still in staging");
    }
  }

  /**
   * Held up: a findings.yaml of no items (a folder holding findings.yaml alone, which would be a
   * finding with no STAGED event, hidden by ReviewSummary as "its commit failed") is refused.
   */
  @Test
  void heldUp_aFindingsYamlOfNoItems_isRefused(@TempDir Path root) throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/f1/findings.yaml", rig.yaml("items: []"));
      assertInstanceOf(FindingsIntake.Refused.class, rig.take("f1"));
      assertTrue(rig.staging.pending().isEmpty());
    }
  }

  /**
   * LOW, an agency's folder removed under it. Returns.folder removes every folder holding no file
   * once it is unchanged over two polls (Returns.java:564-569), about ten seconds: not only what a
   * cut-off removal leaves, but a folder the agency has just made to upload into (sftp mkdir, then
   * cd and put; a client that makes the tree first and uploads after). The agency's upload then
   * fails with "no such file", or lands as loose files in /returns, each taken as a document.
   *
   * <p>Fix: remove silently only a folder prex itself was removing (remember the paths whose
   * removal was cut off), or an empty folder left unchanged for partial-upload-max-age.
   */
  @Test
  void anEmptyFolderTheAgencyJustMade_isNotRemovedUnderIt(@TempDir Path root) throws Exception {
    try (Rig rig = new Rig(root)) {
      Returns returns = rig.returns();
      rig.box.mkdirs("caisi/returns/findings-3"); // sftp> mkdir findings-3
      returns.poll();
      rig.clock.advance(Duration.ofSeconds(5));
      returns.poll();
      assertTrue(
          rig.box.dirs.contains("caisi/returns/findings-3"),
          "ten seconds after the agency made it, its empty folder was removed: " + rig.box.removed);
    }
  }

  /**
   * LOW, a dot-named upload kept for ever again, by reloads. Returns remembers when it first saw a
   * dot-named entry in memory only (Returns.dotSeen, Returns.java:628-640), and serve builds a new
   * ReviewCycle, so a new Returns, on every policy reload (PrexServer.reload, startCamel) and
   * restart. An operator who reloads more often than partial-upload-max-age (P2D: a key added, an
   * agency's categories changed, a configuration tool that pushes the policy daily) restarts every
   * dot-named entry's clock each time: the folder is neither taken nor refused, no notice, and
   * stays in the drop box for good. FindingsIntake.firstSeen (the manifest-timeout's start when the
   * agency's times are in the future) is lost the same way.
   *
   * <p>Fix: keep when an entry was first seen across reloads (a map held by the server and handed
   * to each ReviewCycle, or a small file under DATA/review), as the taken markers are.
   */
  @Test
  void aDotNamedFolder_isTakenOrRefused_whenThePolicyIsReloadedDaily(@TempDir Path root)
      throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/.findings-2/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put(
          "caisi/returns/.findings-2/findings.yaml", rig.yaml("items:", "  - path: report.md"));
      for (int day = 0; day < 10; day++) {
        Returns returns = rig.returns(); // a reload: serve builds the review cycle again
        returns.poll();
        rig.clock.advance(Duration.ofSeconds(5));
        returns.poll();
        rig.tick();
        rig.clock.advance(Duration.ofDays(1));
      }
      assertTrue(
          !rig.events(EventType.FINDINGS_RECEIVED).isEmpty()
              || !rig.events(EventType.REFUSED).isEmpty(),
          "after 10 days (and a reload a day) the folder is neither taken nor refused, still in"
              + " the drop box: "
              + rig.box.dirs.contains("caisi/returns/.findings-2"));
    }
  }

  /**
   * Control for the above: without reloads the same dot-named folder is taken after
   * partial-upload-max-age.
   */
  @Test
  void heldUp_aDotNamedFolder_isTakenAfterPartialUploadMaxAge(@TempDir Path root) throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/.findings-2/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put(
          "caisi/returns/.findings-2/findings.yaml", rig.yaml("items:", "  - path: report.md"));
      Returns returns = rig.returns();
      for (int day = 0; day < 10; day++) {
        returns.poll();
        rig.clock.advance(Duration.ofSeconds(5));
        returns.poll();
        rig.tick();
        rig.clock.advance(Duration.ofDays(1));
      }
      assertEquals(1, rig.events(EventType.FINDINGS_RECEIVED).size());
      assertTrue(!rig.box.dirs.contains("caisi/returns/.findings-2"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // checks that held

  /**
   * Held up: cisa's package is sealed and waiting (its server down) when the lab withdraws the
   * submission: the next attempt routes nothing to cisa, and the waiting package is not handed to
   * it; the lab still gets its findings and caisi its receipt.
   */
  @Test
  void heldUp_aWithdrawalWhileCisasPackageWaits_sendsCisaNothing(@TempDir Path root)
      throws Exception {
    try (Rig rig = new Rig(root)) {
      twoFileFinding(rig);
      Outbox outbox = new Outbox();
      AtomicReference<PublicCert> labCert =
          new AtomicReference<>(AgencyMail.agencyCert("doe-labs"));
      outbox.down.put("cisa", new AtomicInteger(1));
      Findings f = findings(rig, policy("PROPIN, EXPT"), labCert, outbox);
      f.handleAll();
      rig.log.append(
          EventDraft.of(EventType.WITHDRAWN)
              .lab(LAB)
              .submission(rig.submission)
              .reason("withdrawn by the lab"));
      rig.clock.advance(Duration.ofHours(1));
      f.handleAll();
      assertTrue(outbox.packages.isEmpty(), "cisa got " + outbox.packages);
      assertEquals(1, rig.labPackages().size());
      assertEquals(1, outbox.receipts.size());
      assertTrue(outbox.receipts.values().iterator().next().contains("the lab withdrew"));
      assertTrue(rig.staging.pending().isEmpty());
    }
  }

  /**
   * Held up: a destroy notice sent to cisa between attempts (its package waiting, its server down)
   * keeps the findings from cisa.
   */
  @Test
  void heldUp_aDestroyNoticeBetweenAttempts_sendsCisaNothing(@TempDir Path root) throws Exception {
    try (Rig rig = new Rig(root)) {
      twoFileFinding(rig);
      Outbox outbox = new Outbox();
      AtomicReference<PublicCert> labCert =
          new AtomicReference<>(AgencyMail.agencyCert("doe-labs"));
      outbox.down.put("cisa", new AtomicInteger(1));
      Findings f = findings(rig, policy("PROPIN, EXPT"), labCert, outbox);
      f.handleAll();
      rig.log.append(
          EventDraft.of(EventType.NOTICE_SENT)
              .lab(LAB)
              .submission(rig.submission)
              .item(Ids.notice())
              .agency("cisa")
              .reason("retention-ended notice; destroy by 2030-01-01T00:00:00Z"));
      rig.clock.advance(Duration.ofHours(1));
      f.handleAll();
      assertTrue(outbox.packages.isEmpty(), "cisa got " + outbox.packages);
      assertEquals(1, outbox.receipts.size());
    }
  }

  /**
   * Held up: a dot-named folder left past partial-upload-max-age whose removal keeps failing is
   * retried without its name (or its files') reaching the application log.
   */
  @Test
  void heldUp_aDotNamedFolderThatCannotBeRemoved_leaksNoNameIntoTheApplicationLog(
      @TempDir Path root) throws Exception {
    var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Returns.class);
    var appender =
        new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    appender.start();
    logger.addAppender(appender);
    try (Rig rig = new Rig(root)) {
      String secret = ".pathogen-uplift-eval";
      rig.box.put("caisi/returns/" + secret + "/notes-on-uplift.md", "x\n");
      rig.box.failRemove = p -> p.contains(secret);
      Returns returns = rig.returns();
      for (int poll = 0; poll < 6; poll++) {
        returns.poll();
        rig.clock.advance(Duration.ofDays(1));
      }
      List<String> lines =
          appender.list.stream()
              .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
              .toList();
      assertTrue(!lines.isEmpty(), "the failure was logged");
      assertTrue(
          lines.stream().noneMatch(l -> l.contains("pathogen") || l.contains("uplift")),
          "names in the application log: " + lines);
    } finally {
      logger.detachAppender(appender);
    }
  }
}
