package org.prex.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditQuery;
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
import org.prex.staging.Staging;
import org.prex.testing.AgencyMail;
import org.prex.testing.Policies;

/**
 * Red team, second round: the findings path as fixed in commit 9e80c60, attacked as a hostile
 * agency, a hostile lab and a broken drop box or agency server. Each test is one defect and fails
 * while the defect is there; the tests named heldUp_ are checks that held.
 */
class FindingsRedTeamTwoTest {
  static final String LAB = FindingsRedTeamTest.LAB;

  // ---------------------------------------------------------------------------------------------
  // helpers

  /** The rig's policy with cisa limited to the categories given (a reload that tightens it). */
  private static Policy policy(String cisaCategories, boolean withCisa) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("version: 1");
    lines.add("default-designation: CUI//SP-PROPIN");
    lines.add("manifest-timeout: PT1H");
    lines.add("agencies:");
    lines.add(
        "  caisi: { country: USA, federal: true, categories: [PROPIN, EXPT],"
            + " deliver: 'file:outbox/caisi' }");
    if (withCisa) {
      lines.add(
          "  cisa: { country: USA, federal: true, categories: ["
              + cisaCategories
              + "], deliver: 'file:outbox/cisa' }");
    }
    lines.add(
        "  nsa: { country: USA, federal: true, categories: [PROPIN, EXPT],"
            + " deliver: 'file:outbox/nsa' }");
    return Policies.parse(lines.toArray(String[]::new));
  }

  /**
   * A Findings over the rig's log, staging and drop box, as serve builds it after a restart or a
   * policy reload: its own policy, key set and targets; the lab's certificate as {@code labCert}
   * holds it at each call.
   */
  private static Findings findings(
      Rig rig,
      Policy policy,
      Map<String, PublicCert> agencyCerts,
      AtomicReference<PublicCert> labCert,
      Map<String, AtomicInteger> down)
      throws Exception {
    var key = AgencyMail.exchangeKey();
    Sealer sealer = new Sealer(key);
    ClearSigner signer = new ClearSigner(key);
    Map<String, DeliveryTarget> targets = new HashMap<>();
    for (String agency : agencyCerts.keySet()) {
      targets.put(agency, target(rig, agency, down));
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
            agencyCerts,
            lab -> lab.equals(LAB) ? Optional.ofNullable(labCert.get()) : Optional.empty(),
            targets,
            new LabFindingsBox(() -> rig.box),
            (agency, name, content) ->
                rig.notices.computeIfAbsent(agency, a -> new ArrayList<>()).add(name),
            signer,
            new Checkpointer(rig.log, signer),
            rig.clock));
  }

  private static DeliveryTarget target(Rig rig, String agency, Map<String, AtomicInteger> down) {
    return new DeliveryTarget() {
      @Override
      public boolean has(String transferId) {
        return rig.shared.getOrDefault(agency, List.of()).contains(transferId);
      }

      @Override
      public void put(Path packageDir, String transferId) throws IOException {
        AtomicInteger d = down.get(agency);
        if (d != null && d.getAndDecrement() > 0) {
          throw new IOException("agency " + agency + " is down");
        }
        if (!has(transferId)) {
          rig.shared.computeIfAbsent(agency, a -> new ArrayList<>()).add(transferId);
        }
      }

      @Override
      public void putFile(String folder, String name, Path file) throws IOException {
        throw new IOException("not used");
      }
    };
  }

  private static Map<String, PublicCert> certs(String... agencies) throws Exception {
    Map<String, PublicCert> out = new HashMap<>();
    for (String a : agencies) {
      out.put(a, AgencyMail.agencyCert(a));
    }
    return out;
  }

  private static void pollTwice(Returns returns) throws IOException {
    returns.poll(); // first sight
    returns.poll(); // unchanged: handled
  }

  // ---------------------------------------------------------------------------------------------
  // defects

  /**
   * HIGH, an upload lost without a word. The fix keys a findings folder by its findings.yaml "and
   * each file by its own key" (agency, path, size, modification time) and remembers the keys for
   * seven days (DATA/review/taken). If ANY one file of a new folder has the key of a file of an
   * earlier one, the whole new folder is taken to be the earlier finding (FindingsIntake.java:
   * 189-196), Returns removes it, and nothing is logged, delivered or refused: no notice.
   *
   * <p>That is what an agency does every time it returns findings the ordinary way: the same folder
   * name ("findings"), a new report, and an appendix it always attaches (a methodology, a test
   * harness description), uploaded by a client that keeps files' times (WinSCP's default, sftp put
   * -p, rsync -t). The second findings never reach the lab, and caisi is never told.
   */
  @Test
  void aNewFindingsFolderSharingOneUnchangedFile_isNotSilentlyDropped(@TempDir Path root)
      throws Exception {
    try (Rig rig = new Rig(root)) {
      Returns returns = rig.returns();
      rig.box.put("caisi/returns/findings/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put("caisi/returns/findings/method.md", "# How we tested\n\nThe usual harness.\n");
      rig.box.put(
          "caisi/returns/findings/findings.yaml",
          rig.yaml("items:", "  - path: report.md", "  - path: method.md"));
      pollTwice(returns);
      rig.tick();
      assertEquals(1, rig.labPackages().size(), "the first findings reached the lab");

      // two days later, new findings in a folder of the same name; method.md is the same file,
      // uploaded with its time kept (MemoryDropBox keeps the time of a put)
      rig.clock.advance(Duration.ofDays(2));
      rig.box.put(
          "caisi/returns/findings/report.md",
          "# Findings, second round\n\nAfter a re-test the model is NOT fine: see transcript 4.\n");
      rig.box.put("caisi/returns/findings/method.md", "# How we tested\n\nThe usual harness.\n");
      rig.box.put(
          "caisi/returns/findings/findings.yaml",
          rig.yaml(
              "designation: CUI//SP-PROPIN",
              "items:",
              "  - path: report.md",
              "  - path: method.md"));
      long later = 1_700_000_000_000L + Duration.ofDays(2).toMillis();
      rig.box.times.put("caisi/returns/findings/report.md", later);
      rig.box.times.put("caisi/returns/findings/findings.yaml", later);
      int noticesBefore = rig.notices.getOrDefault("caisi", List.of()).size();
      pollTwice(returns);
      rig.tick();

      boolean gone = !rig.box.dirs.contains("caisi/returns/findings");
      int received = rig.events(EventType.FINDINGS_RECEIVED).size();
      int refused = rig.events(EventType.REFUSED).size();
      int notices = rig.notices.getOrDefault("caisi", List.of()).size() - noticesBefore;
      assertTrue(
          received == 2 || (refused >= 1 && notices >= 1),
          "the second findings folder was "
              + (gone ? "removed from the drop box" : "left")
              + " but neither taken nor refused: FINDINGS_RECEIVED "
              + received
              + ", REFUSED "
              + refused
              + ", notices to caisi "
              + notices
              + ", lab packages "
              + rig.labPackages());
    }
  }

  /**
   * HIGH, findings stuck for ever. What was decided about each file (decided.json) is written
   * before the lab's certificate is looked for (Findings.java:141-145, then :157). While the
   * findings wait for the certificate, the operator reloads a policy (and key set) without cisa,
   * which the decision names as a recipient. From then on every attempt fails in TransferSealer
   * ("agency cisa has no certificate in the key set", TransferSealer.cert): the lab never gets its
   * findings, caisi never gets its receipt, and the finding sits in staging and in audit pending
   * for good. docs/policy.md: after a reload, what is staged "is resumed under [the new policy]".
   */
  @Test
  void aShareWithAgencyRemovedByAReload_leavesTheFindingsStuckForever(@TempDir Path root)
      throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/f1/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put(
          "caisi/returns/f1/findings.yaml",
          rig.yaml("share-with: [cisa]", "items:", "  - path: report.md"));
      assertInstanceOf(FindingsIntake.Taken.class, rig.take("f1"));
      AtomicReference<PublicCert> labCert = new AtomicReference<>(); // none published yet
      findings(rig, rig.policy, certs("caisi", "cisa", "nsa"), labCert, Map.of()).handleAll();
      assertEquals(List.of(), rig.labPackages(), "waiting for the lab's certificate");

      // a reload: cisa leaves the policy and the key set; then the lab publishes its certificate
      Findings reloaded =
          findings(rig, policy("PROPIN", false), certs("caisi", "nsa"), labCert, Map.of());
      labCert.set(AgencyMail.agencyCert("doe-labs"));
      for (int tick = 0; tick < 5; tick++) {
        reloaded.handleAll();
        rig.clock.advance(Duration.ofHours(1));
      }

      assertEquals(1, rig.labPackages().size(), "the lab never gets its findings");
      assertEquals(1, rig.notices.getOrDefault("caisi", List.of()).size(), "caisi's receipt");
      assertTrue(rig.staging.pending().isEmpty(), "the finding is still in staging");
    }
  }

  /**
   * HIGH, delivered against the policy in force. The same sticky decision: cisa's server is down on
   * the first attempt; the operator then reloads a policy under which cisa may no longer receive
   * SP-PROPIN. The next attempt does not route again: it delivers the PROPIN finding to cisa from
   * decided.json (Findings.java:141-146, FindingsDecision.apply), under a policy that is no longer
   * in force. A lab's submission is routed again under the new policy after a reload
   * (docs/policy.md, Reloading); findings should be too (at least: never to more agencies).
   */
  @Test
  void aPolicyTightenedBetweenAttempts_isObeyed(@TempDir Path root) throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/f1/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put(
          "caisi/returns/f1/findings.yaml",
          rig.yaml("share-with: [cisa]", "items:", "  - path: report.md"));
      assertInstanceOf(FindingsIntake.Taken.class, rig.take("f1"));
      AtomicReference<PublicCert> labCert =
          new AtomicReference<>(AgencyMail.agencyCert("doe-labs"));
      findings(
              rig,
              rig.policy,
              certs("caisi", "cisa", "nsa"),
              labCert,
              Map.of("cisa", new AtomicInteger(1)))
          .handleAll(); // the lab gets it; cisa is down
      assertEquals(1, rig.labPackages().size());
      assertTrue(rig.shared.isEmpty());

      // reload: cisa may now receive SP-EXPT only, not SP-PROPIN
      Findings reloaded =
          findings(rig, policy("EXPT", true), certs("caisi", "cisa", "nsa"), labCert, Map.of());
      rig.clock.advance(Duration.ofHours(1));
      reloaded.handleAll();

      assertTrue(
          !rig.shared.containsKey("cisa"),
          "a CUI//SP-PROPIN finding delivered to cisa, which the policy in force no longer lets"
              + " receive SP-PROPIN: "
              + rig.events(EventType.DELIVERED).stream()
                  .filter(e -> "cisa".equals(e.agency()) && e.submission().startsWith("f-"))
                  .map(e -> e.designation() + " of finding " + e.submission())
                  .toList());
    }
  }

  /**
   * MEDIUM, the lab's withdrawal ignored. share-with reaches "only agencies the lab shared the
   * submission with", decided from ReviewState.holdings (Findings.java:193, :239), which counts
   * every agency ever delivered an item: a withdrawal, and the agency's confirmed destruction, do
   * not take it out. So after the lab withdraws its submission and cisa confirms it destroyed its
   * copy, caisi's findings about it (which "may quote the lab's material") are still delivered to
   * cisa. docs/review-cycle.md, Withdrawal: from then on "the agencies' lanes deliver nothing more
   * of it".
   */
  @Test
  void findingsAboutAWithdrawnSubmission_areNotSharedWithAnAgencyThatDestroyedIt(@TempDir Path root)
      throws Exception {
    try (Rig rig = new Rig(root)) {
      String notice = Ids.notice();
      rig.log.append(
          EventDraft.of(EventType.WITHDRAWN)
              .lab(LAB)
              .submission(rig.submission)
              .reason("withdrawn by the lab"));
      rig.log.append(
          EventDraft.of(EventType.NOTICE_SENT)
              .lab(LAB)
              .submission(rig.submission)
              .item(notice)
              .agency("cisa")
              .reason("withdrawal notice; destroy by 2030-01-01T00:00:00Z; the lab withdrew it"));
      rig.log.append(
          EventDraft.of(EventType.DESTROYED)
              .lab(LAB)
              .submission(rig.submission)
              .item(notice)
              .agency("cisa"));
      rig.box.put(
          "caisi/returns/f1/report.md", "# Findings\n\nThe model's system prompt (quoted): ...\n");
      rig.box.put(
          "caisi/returns/f1/findings.yaml",
          rig.yaml("share-with: [cisa]", "items:", "  - path: report.md"));
      assertInstanceOf(FindingsIntake.Taken.class, rig.take("f1"));
      rig.tick();

      assertTrue(
          !rig.shared.containsKey("cisa"),
          "findings about a submission the lab withdrew were shared with cisa, which had"
              + " confirmed destroying it: "
              + rig.shared);
    }
  }

  /**
   * MEDIUM, a false refusal. Returns.folder removes a taken folder's files, findings.yaml last,
   * then its folders, then the folder itself (Returns.java:199-215). When the drop box drops the
   * session at that very last step (removeDir of the folder), what is left is an empty folder: no
   * longer a findings folder, so on the next ticks it is refused as "a folder of 0 file(s) ...
   * without findings.yaml ... not a findings folder" (Returns.java:189-190): REFUSED is logged for
   * folder f1 and caisi gets a refused notice for the very folder it also gets a receipt for. An
   * agency told its findings were refused sends them again: the lab gets them twice.
   */
  @Test
  void aRemovalCutOffAtTheFolderItself_sendsNoRefusalForFindingsTaken(@TempDir Path root)
      throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/f1/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put("caisi/returns/f1/findings.yaml", rig.yaml("items:", "  - path: report.md"));
      AtomicInteger folderRemovals = new AtomicInteger();
      rig.box.failRemove =
          p -> p.equals("caisi/returns/f1") && folderRemovals.incrementAndGet() == 1;
      Returns returns = rig.returns();
      for (int poll = 0; poll < 5; poll++) {
        returns.poll();
        rig.tick();
      }
      assertTrue(!rig.box.dirs.contains("caisi/returns/f1"), "removed in the end");
      assertEquals(1, rig.events(EventType.RECEIPT_SENT).size(), "the findings were answered");
      assertEquals(
          List.of(),
          rig.events(EventType.REFUSED).stream().map(AuditEvent::reason).toList(),
          "folder f1, taken and answered, was also refused; notices to caisi: "
              + rig.notices.get("caisi"));
    }
  }

  /**
   * Found while fixing the above: a removal cut off after the listed files were removed leaves
   * findings.yaml alone, listing files that are gone. It is the finding already taken, recognised
   * before any listed file is missed, and never refused when manifest-timeout has passed.
   */
  @Test
  void aRemovalCutOffAfterTheListedFiles_isNeverRefusedAsMissingThem(@TempDir Path root)
      throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/f1/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put("caisi/returns/f1/findings.yaml", rig.yaml("items:", "  - path: report.md"));
      AtomicInteger yamlRemovals = new AtomicInteger();
      rig.box.failRemove =
          p -> p.equals("caisi/returns/f1/findings.yaml") && yamlRemovals.incrementAndGet() == 1;
      Returns returns = rig.returns();
      for (int poll = 0; poll < 5; poll++) {
        returns.poll();
        rig.tick();
        rig.clock.advance(Duration.ofHours(2)); // past manifest-timeout (PT1H) each time
      }
      assertTrue(!rig.box.dirs.contains("caisi/returns/f1"), "removed in the end");
      assertEquals(1, rig.events(EventType.FINDINGS_RECEIVED).size());
      assertEquals(
          List.of(), rig.events(EventType.REFUSED).stream().map(AuditEvent::reason).toList());
      assertEquals(1, rig.notices.get("caisi").size(), "one receipt, no refusal");
    }
  }

  /**
   * LOW, audit show not telling the truth. The earlier fix keeps a finding whose commit failed out
   * of audit pending (Pending.java:105-106 wants a STAGED event), but its FINDINGS_RECEIVED and
   * RECEIVED events are still in the log (FindingsIntake.java:282-310 log them before the commit at
   * :314). ReviewSummary.outcome (ReviewSummary.java:93-122) finds RECEIVED events, no answer, and
   * so `audit show s-…` says of the finding that never existed "being handled", for ever, next to
   * the real one that was delivered.
   */
  @Test
  void aCommitThatFails_leavesNoPhantomBeingHandledInAuditShow(@TempDir Path root)
      throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/f1/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put("caisi/returns/f1/findings.yaml", rig.yaml("items:", "  - path: report.md"));
      FindingsIntake failing =
          new FindingsIntake(
              rig.log,
              new Staging(root.resolve("review/staging"), "s-"),
              () -> rig.policy,
              rig.clock);
      String folder = "caisi/returns/f1";
      org.junit.jupiter.api.Assertions.assertThrows(
          RuntimeException.class,
          () -> failing.take(rig.box, "caisi", rig.box.entry(folder), rig.box.listTree(folder)));
      assertInstanceOf(FindingsIntake.Taken.class, rig.take("f1"));
      rig.tick();

      // what `audit show s-…` prints (AuditProofCommands: ReviewSummary.lines with every event)
      List<AuditEvent> all = rig.log.list(new AuditQuery(null, null, null, null));
      List<AuditEvent> own =
          all.stream().filter(e -> rig.submission.equals(e.submission())).toList();
      List<String> lines =
          ReviewSummary.lines(
              rig.submission,
              own,
              f -> all.stream().filter(e -> f.equals(e.submission())).toList());
      List<String> findingLines = lines.stream().filter(l -> l.startsWith("findings ")).toList();
      assertTrue(
          findingLines.stream().noneMatch(l -> l.contains("being handled")),
          "audit show: " + findingLines);
    }
  }

  /**
   * LOW, an upload kept for ever without a word. Returns.poll skips every entry of /returns whose
   * name starts with '.' as "an upload's temporary name" (Returns.java:103-105), folders included;
   * the stale-partial sweep removes only .filepart files and incomplete writes
   * (StalePartials.TEMPORARY_SUFFIXES), never a finished dot-named folder. An agency whose client
   * or script names the folder ".findings-2" (or a folder left under a client's hidden temporary
   * name that was then never renamed) has its findings neither taken nor refused: no notice, and
   * the folder stays in the drop box, against its quota, for good.
   */
  @Test
  void aDotNamedFindingsFolder_isTakenOrRefused(@TempDir Path root) throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/.findings-2/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put(
          "caisi/returns/.findings-2/findings.yaml", rig.yaml("items:", "  - path: report.md"));
      Returns returns = rig.returns();
      for (int poll = 0; poll < 10; poll++) {
        returns.poll();
        rig.tick();
        rig.clock.advance(Duration.ofDays(1));
      }
      assertTrue(
          !rig.events(EventType.FINDINGS_RECEIVED).isEmpty()
              || !rig.events(EventType.REFUSED).isEmpty(),
          "after 10 days the folder is neither taken nor refused, no notice, still in the drop box: "
              + rig.box.dirs.contains("caisi/returns/.findings-2"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // checks that held

  /**
   * Held up: a NOCON marking in the content of a file inside a zip, under a declared
   * CUI//SP-PROPIN, is joined into the effective designation, and the lab (not federal) gets
   * nothing of that file; nor does cisa (a file the lab may not have is held).
   */
  @Test
  void heldUp_noconInAZippedFile_underAMilderDeclaration_isHeldFromTheLab(@TempDir Path root)
      throws Exception {
    try (Rig rig = new Rig(root)) {
      var zip = new java.io.ByteArrayOutputStream();
      try (var z = new java.util.zip.ZipOutputStream(zip)) {
        z.putNextEntry(new java.util.zip.ZipEntry("inner/notes.txt"));
        z.write("CUI//SP-PROPIN//NOCON\n\nfor federal staff only\n".getBytes());
        z.closeEntry();
      }
      rig.box.put("caisi/returns/f1/evidence.zip", zip.toByteArray());
      rig.box.put(
          "caisi/returns/f1/findings.yaml",
          rig.yaml(
              "designation: CUI//SP-PROPIN",
              "share-with: [cisa]",
              "items:",
              "  - path: evidence.zip"));
      assertInstanceOf(FindingsIntake.Taken.class, rig.take("f1"));
      rig.tick();
      assertEquals(List.of(), rig.labPackages());
      assertTrue(rig.shared.isEmpty());
      assertEquals(1, rig.events(EventType.QUARANTINED).size());
      assertEquals(1, rig.notices.get("caisi").size());
    }
  }

  /**
   * Held up: a stop right after decided.json is written (here: quarantine cannot be written), then
   * a restart (a new Findings over the same staging and log): the unlisted file is quarantined
   * once, the listed one reaches the lab and cisa once, caisi gets one receipt.
   */
  @Test
  void heldUp_aFailureRightAfterTheDecision_thenARestart_goesOnOnce(@TempDir Path root)
      throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/f1/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put("caisi/returns/f1/scratch.txt", "not listed\n");
      rig.box.put(
          "caisi/returns/f1/findings.yaml",
          rig.yaml("share-with: [cisa]", "items:", "  - path: report.md"));
      assertInstanceOf(FindingsIntake.Taken.class, rig.take("f1"));
      java.nio.file.Files.writeString(root.resolve("quarantine"), "not a folder");
      rig.findings.handleAll(); // decided, then quarantine fails
      assertEquals(0, rig.events(EventType.QUARANTINED).size());
      java.nio.file.Files.delete(root.resolve("quarantine"));
      Findings restarted =
          findings(
              rig,
              rig.policy,
              certs("caisi", "cisa", "nsa"),
              new AtomicReference<>(AgencyMail.agencyCert("doe-labs")),
              Map.of());
      for (int tick = 0; tick < 3; tick++) {
        restarted.handleAll();
        rig.clock.advance(Duration.ofHours(1));
      }
      assertEquals(1, rig.events(EventType.QUARANTINED).size());
      assertEquals(1, rig.labPackages().size());
      assertEquals(1, rig.shared.get("cisa").size());
      assertEquals(1, rig.notices.get("caisi").size());
      assertTrue(rig.staging.pending().isEmpty());
    }
  }
}
