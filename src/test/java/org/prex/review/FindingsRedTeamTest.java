package org.prex.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.classify.Classifier;
import org.prex.config.Policy;
import org.prex.deliver.DeliveryTarget;
import org.prex.inspect.Inspector;
import org.prex.item.Ids;
import org.prex.receipt.Checkpointer;
import org.prex.seal.ClearSigner;
import org.prex.seal.PublicCert;
import org.prex.seal.Sealer;
import org.prex.staging.Staging;
import org.prex.testing.AgencyMail;
import org.prex.testing.Inspectors;
import org.prex.testing.Policies;
import org.prex.testing.ShiftedClock;

/**
 * Red team: the findings path (commit a08a782) as a hostile agency and a flaky drop box or agency
 * server see it. Each test is one defect; it fails while the defect is there.
 */
class FindingsRedTeamTest {
  static final String LAB = "acme-ai";

  /** Everything the findings work with, in memory and in a temporary folder. */
  static final class Rig implements AutoCloseable {
    final Path root;
    final Policy policy;
    final AuditLog log;
    final Staging staging;
    final ShiftedClock clock = new ShiftedClock();
    final MemoryDropBox box = new MemoryDropBox();
    final Map<String, List<String>> notices = new java.util.TreeMap<>();
    final Map<String, List<String>> shared = new java.util.TreeMap<>();
    final Inspector inspector;
    final String submission = Ids.submission();
    final FindingsIntake intake;
    final Findings findings;

    /** How many of the next puts to each agency target fail, as an agency server that is down. */
    final Map<String, AtomicInteger> targetDown = new java.util.concurrent.ConcurrentHashMap<>();

    Rig(Path root) throws Exception {
      this.root = root;
      policy =
          Policies.parse(
              "version: 1",
              "default-designation: CUI//SP-PROPIN",
              "manifest-timeout: PT1H",
              "agencies:",
              "  caisi: { country: USA, federal: true, categories: [PROPIN, EXPT],"
                  + " deliver: 'file:outbox/caisi' }",
              "  cisa: { country: USA, federal: true, categories: [PROPIN],"
                  + " deliver: 'file:outbox/cisa' }",
              "  nsa: { country: USA, federal: true, categories: [PROPIN, EXPT],"
                  + " deliver: 'file:outbox/nsa' }");
      log = AuditLog.open(root.resolve("data"));
      staging = new Staging(root.resolve("review/staging"), "f-");
      inspector = Inspectors.small(root, policy);
      // caisi and cisa were delivered the lab's submission: caisi may return findings about it,
      // and share them with cisa (findings go only to agencies the lab shared the submission with)
      for (String agency : List.of("caisi", "cisa")) {
        log.append(
            EventDraft.of(EventType.DELIVERED)
                .lab(LAB)
                .submission(submission)
                .item(Ids.item())
                .agency(agency)
                .transfer(Ids.transfer())
                .designation("CUI//SP-PROPIN"));
      }
      intake = new FindingsIntake(log, staging, () -> policy, clock);
      var key = AgencyMail.exchangeKey();
      Sealer sealer = new Sealer(key);
      ClearSigner signer = new ClearSigner(key);
      Map<String, PublicCert> agencyCerts =
          Map.of(
              "caisi",
              AgencyMail.agencyCert("caisi"),
              "cisa",
              AgencyMail.agencyCert("cisa"),
              "nsa",
              AgencyMail.agencyCert("nsa"));
      PublicCert labCert = AgencyMail.agencyCert("doe-labs"); // any certificate that encrypts
      Map<String, DeliveryTarget> targets = new java.util.HashMap<>();
      for (String agency : List.of("caisi", "cisa", "nsa")) {
        targets.put(agency, target(agency));
      }
      findings =
          new Findings(
              new Findings.Parts(
                  log,
                  staging,
                  () -> policy,
                  "0".repeat(64),
                  new Findings.Inspection(new Classifier(), () -> inspector),
                  sealer,
                  new org.prex.quarantine.Quarantine(
                      sealer,
                      PublicCert.read(AgencyMail.KEYS.resolve("exchange/quarantine.asc")),
                      root.resolve("quarantine"),
                      staging,
                      log),
                  agencyCerts,
                  lab -> lab.equals(LAB) ? Optional.of(labCert) : Optional.empty(),
                  targets,
                  new LabFindingsBox(() -> box),
                  (agency, name, content) ->
                      notices.computeIfAbsent(agency, a -> new ArrayList<>()).add(name),
                  signer,
                  new Checkpointer(log, signer),
                  clock));
      box.mkdirs(LAB + "/findings");
      box.mkdirs("caisi/returns");
    }

    /** caisi's returns, polled over the rig's drop box, log and intake. */
    Returns returns() throws Exception {
      Notices toAgencies =
          new Notices(
              log,
              AgencyMail.exchangeKey(),
              Map.of("caisi", AgencyMail.agencyCert("caisi")),
              policy.agencies(),
              Map.of(),
              Set.of("caisi"),
              (agency, name, content) ->
                  notices.computeIfAbsent(agency, a -> new ArrayList<>()).add(name),
              () -> null,
              root.resolve("sealing"));
      ReturnedDocuments docs =
          new ReturnedDocuments(
              log,
              Map.of("caisi", AgencyMail.agencyCert("caisi")),
              toAgencies,
              new ReviewReceipts(log, null, null, null, clock),
              root.resolve("returned"),
              clock);
      return new Returns(() -> box, Set.of("caisi"), p -> false, docs, intake);
    }

    private DeliveryTarget target(String agency) {
      return new DeliveryTarget() {
        @Override
        public boolean has(String transferId) {
          return shared.getOrDefault(agency, List.of()).contains(transferId);
        }

        @Override
        public void put(Path packageDir, String transferId) throws IOException {
          AtomicInteger down = targetDown.get(agency);
          if (down != null && down.getAndDecrement() > 0) {
            throw new IOException("agency " + agency + " is down");
          }
          if (!has(transferId)) {
            shared.computeIfAbsent(agency, a -> new ArrayList<>()).add(transferId);
          }
        }

        @Override
        public void putFile(String folder, String name, Path file) throws IOException {
          throw new IOException("not used");
        }
      };
    }

    /** The findings.yaml text about the rig's submission. */
    String yaml(String... lines) {
      return "submission: " + submission + "\n" + String.join("\n", lines) + "\n";
    }

    /** Takes caisi's folder {@code name} (as the returns poll would, once it is stable). */
    FindingsIntake.Outcome take(String name) throws IOException {
      String folder = "caisi/returns/" + name;
      return intake.take(box, "caisi", box.entry(folder), box.listTree(folder));
    }

    List<AuditEvent> events(EventType type) {
      return log.list(new AuditQuery(null, null, null, null, Set.of(type), null));
    }

    /** The finding packages in the lab's drop box under the submission. */
    List<String> labPackages() {
      return box.list(LAB + "/findings/" + submission).stream()
          .map(MemoryDropBox.Entry::name)
          .filter(n -> !n.startsWith("."))
          .toList();
    }

    /** One review tick's findings step; then the clock moves past any back-off. */
    void tick() throws IOException {
      findings.handleAll();
      clock.advance(Duration.ofHours(1));
    }

    @Override
    public void close() {
      inspector.close();
      log.close();
    }
  }

  /**
   * An item held on the first attempt (here: a file the agency did not list) is quarantined and its
   * plaintext released from staging. When anything after that fails once (a share-with agency's
   * server down for a moment, the lab's drop box, the agency's notices), the next attempt starts
   * again from classify, which cannot read the released item: every later attempt fails the same
   * way, forever. cisa never gets what the rules allow it, caisi never gets its receipt, and the
   * finding stays in staging and in `audit pending` for good.
   *
   * <p>Cause: Findings.handle (Findings.java:145-146) re-runs classify/designate over every item of
   * the staged finding, including the ones Quarantine.hold already released (Quarantine.java
   * staging.releaseItem); there is no resume from the log and no last resort.
   */
  @Test
  void aHeldItemThenOneFailedDelivery_leavesTheFindingStuckForever(@TempDir Path root)
      throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/f1/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put("caisi/returns/f1/scratch.txt", "notes the agency forgot to list\n");
      rig.box.put(
          "caisi/returns/f1/findings.yaml",
          rig.yaml("share-with: [cisa]", "items:", "  - path: report.md"));
      assertInstanceOf(FindingsIntake.Taken.class, rig.take("f1"));
      rig.targetDown.put("cisa", new AtomicInteger(1)); // cisa's server fails once

      for (int tick = 0; tick < 5; tick++) {
        rig.tick();
      }

      assertEquals(
          List.of("cisa"),
          new ArrayList<>(rig.shared.keySet()),
          "cisa was down for one attempt only, yet never got the findings the rules allow it");
      assertEquals(1, rig.notices.getOrDefault("caisi", List.of()).size(), "caisi's receipt");
      assertTrue(rig.staging.pending().isEmpty(), "the finding is still in staging");
    }
  }

  /**
   * The same for a spill: the whole finding is quarantined (all plaintext released); if writing the
   * agency's receipt then fails once, no later attempt can get past classify, so the receipt that
   * says "held, nothing passed on" never comes and the finding never leaves staging.
   */
  @Test
  void aSpillWhoseReceiptFailsOnce_isNeverAnswered(@TempDir Path root) throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/f1/notes.md", "SECRET//NOFORN\n\nnotes\n");
      rig.box.put("caisi/returns/f1/findings.yaml", rig.yaml("items:", "  - path: notes.md"));
      assertInstanceOf(FindingsIntake.Taken.class, rig.take("f1"));
      // the agency's notices fail once (a drop-box hiccup)
      Findings flaky = flakyNotices(rig, 1);

      for (int tick = 0; tick < 5; tick++) {
        flaky.handleAll();
        rig.clock.advance(Duration.ofHours(1));
      }

      assertEquals(1, rig.events(EventType.QUARANTINED).size(), "held whole");
      assertEquals(
          1,
          rig.events(EventType.RECEIPT_SENT).size(),
          "the receipt failed once and was never sent again");
      assertTrue(rig.staging.pending().isEmpty(), "the finding is still in staging");
    }
  }

  private static Findings flakyNotices(Rig rig, int failures) throws Exception {
    AtomicInteger left = new AtomicInteger(failures);
    var key = AgencyMail.exchangeKey();
    Sealer sealer = new Sealer(key);
    ClearSigner signer = new ClearSigner(key);
    PublicCert labCert = AgencyMail.agencyCert("doe-labs");
    return new Findings(
        new Findings.Parts(
            rig.log,
            rig.staging,
            () -> rig.policy,
            "0".repeat(64),
            new Findings.Inspection(new Classifier(), () -> rig.inspector),
            sealer,
            new org.prex.quarantine.Quarantine(
                sealer,
                PublicCert.read(AgencyMail.KEYS.resolve("exchange/quarantine.asc")),
                rig.root.resolve("quarantine"),
                rig.staging,
                rig.log),
            Map.of("caisi", AgencyMail.agencyCert("caisi"), "cisa", AgencyMail.agencyCert("cisa")),
            lab -> Optional.of(labCert),
            Map.of(),
            new LabFindingsBox(() -> rig.box),
            (agency, name, content) -> {
              if (left.getAndDecrement() > 0) {
                throw new IOException("notices of " + agency + " unavailable");
              }
              rig.notices.computeIfAbsent(agency, a -> new ArrayList<>()).add(name);
            },
            signer,
            new Checkpointer(rig.log, signer),
            rig.clock));
  }

  /**
   * An agency marks its findings FED ONLY (or NOCON): federal employees only, no contractors. The
   * routing rules keep them from any agency that is not federal (rule 4), but the lab, a private
   * company, is never put through the rules: Findings.route (Findings.java:175) adds the lab to
   * every item unconditionally, so the lab gets a limited-dissemination item it may not receive.
   * Fail closed would hold (or refuse) an item the lab may not receive.
   */
  @Test
  void findingsMarkedFedOnly_doNotReachThePrivateLab(@TempDir Path root) throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put(
          "caisi/returns/f1/report.md",
          "CUI//SP-PROPIN//FED ONLY\n\nFor federal staff only: exploit details.\n");
      rig.box.put(
          "caisi/returns/f1/findings.yaml",
          rig.yaml("designation: CUI//SP-PROPIN//FED ONLY", "items:", "  - path: report.md"));
      assertInstanceOf(FindingsIntake.Taken.class, rig.take("f1"));

      rig.tick();

      assertTrue(
          rig.events(EventType.DELIVERED).stream().noneMatch(e -> LAB.equals(e.agency())),
          "a FED ONLY finding was delivered to lab "
              + LAB
              + ", which is not federal: "
              + rig.labPackages());
    }
  }

  /**
   * A flaky drop box cuts off the removal of a findings folder half-way, after it was taken. The
   * folder's listing has changed, so FindingsIntake's key for it (a hash of the whole listing,
   * FindingsIntake.java:165 and :309) is new: what is left of it is taken a second time as a new
   * finding and carried to the lab (and share-with agencies) again. The lab's own intake keys a
   * folder by its manifest's entry (FolderTaker.fileKey), which survives a partial removal.
   */
  @Test
  void aRemovalCutOffHalfWay_doesNotTakeTheFindingsTwice(@TempDir Path root) throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/f1/report.md", "# Findings\n\nThe model is fine.\n");
      // a scratch file the agency did not list (held, never passed on): its path is the longest,
      // so it is the first removed
      rig.box.put("caisi/returns/f1/scratch/unlisted-working-notes.txt", "scratch\n");
      rig.box.put("caisi/returns/f1/findings.yaml", rig.yaml("items:", "  - path: report.md"));
      // the first removal succeeds, the second fails once: the drop box dropped the session
      AtomicInteger removals = new AtomicInteger();
      rig.box.failRemove = p -> removals.incrementAndGet() == 2;
      Returns returns = rig.returns();
      for (int poll = 0; poll < 6; poll++) {
        returns.poll();
        rig.tick();
      }

      assertEquals(
          1,
          rig.events(EventType.FINDINGS_RECEIVED).size(),
          "one findings folder, taken as "
              + rig.events(EventType.FINDINGS_RECEIVED).size()
              + " findings; the lab got packages "
              + rig.labPackages());
    }
  }

  /**
   * Returns.poll counts only loose files against MAX_PER_TICK ("every tick ends in bounded time");
   * folders are never counted (Returns.java:106-114, 143): an agency that uploads thousands of
   * folders (each up to 1000 files and 1 GiB as findings) has all of them listed, read and handled
   * in one tick, and every other agency's returns, every finding and every notice waits behind it.
   */
  @Test
  void aFloodOfFolders_isBoundedPerTick(@TempDir Path root) throws Exception {
    try (Rig rig = new Rig(root)) {
      int folders = Returns.MAX_PER_TICK * 3;
      for (int i = 0; i < folders; i++) {
        rig.box.put(String.format("caisi/returns/d%04d/x.txt", i), "x\n");
      }
      Returns returns = rig.returns();
      returns.poll(); // the first sight of each folder
      int before = rig.box.listTrees;
      returns.poll(); // each unchanged: handled now
      int handled = (int) rig.box.removed.stream().filter(p -> p.endsWith("/x.txt")).count();
      assertTrue(
          handled <= Returns.MAX_PER_TICK,
          handled
              + " folders handled in one poll ("
              + (rig.box.listTrees - before)
              + " trees listed); at most "
              + Returns.MAX_PER_TICK
              + " of an agency's returns are taken a tick");
    }
  }

  /**
   * The files of an agency's findings are named only in the audit log ("forLog names lines and
   * counts only", FindingsIntake.Refused; "entry names ... stay in the audit log, out of
   * application logs", Quarantine). But when reading a findings file fails, Returns.folder logs the
   * exception's message at WARN (Returns.java:185-190), and the drop box client's messages name the
   * path ("cannot read caisi/returns/f1/<file name>: ..."), so the agency's file names reach the
   * application log on every retry. FolderTaker, for labs' folders, logs only the class name.
   */
  @Test
  void findingsFileNames_stayOutOfTheApplicationLog(@TempDir Path root) throws Exception {
    var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Returns.class);
    var appender =
        new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    appender.start();
    logger.addAppender(appender);
    try (Rig rig = new Rig(root)) {
      String secretName = "jailbreak-for-pathogen-synthesis-in-aurora-2.md";
      rig.box.put("caisi/returns/f1/" + secretName, "details\n");
      rig.box.put("caisi/returns/f1/findings.yaml", rig.yaml("items:", "  - path: " + secretName));
      rig.box.failOpen = p -> p.endsWith(secretName); // the drop box cannot read it just now
      Returns returns = rig.returns();
      returns.poll();
      returns.poll();
      List<String> lines =
          appender.list.stream()
              .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
              .toList();
      assertTrue(!lines.isEmpty(), "the failure was logged");
      assertTrue(
          lines.stream().noneMatch(l -> l.contains(secretName)),
          "an agency's file name in the application log: " + lines);
    } finally {
      logger.detachAppender(appender);
    }
  }

  /**
   * FindingsIntake logs FINDINGS_RECEIVED and RECEIVED (FindingsIntake.java:254-282) before it
   * commits the finding to staging (:285). When the commit fails (a full disk, a stop), the folder
   * stays and is taken again under a new finding id, but the first FINDINGS_RECEIVED is never
   * answered: `audit pending` (Pending.findings) lists a finding that does not exist, "being
   * handled", forever. Here the commit is made to fail by a staging of the wrong kind.
   */
  @Test
  void aCommitThatFails_leavesNoPhantomFindingPendingForever(@TempDir Path root) throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/f1/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put("caisi/returns/f1/findings.yaml", rig.yaml("items:", "  - path: report.md"));
      // the same staging folder, but committing an f- id throws, as a failed write would
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
      assertInstanceOf(FindingsIntake.Taken.class, rig.take("f1")); // taken on the next tick
      rig.tick();
      assertEquals(1, rig.notices.get("caisi").size(), "the finding answered");

      List<Pending.Row> pending =
          Pending.of(rig.log, rig.clock.instant(), Duration.ofDays(7)).stream()
              .filter(r -> r.awaiting().startsWith("findings"))
              .toList();
      assertEquals(
          List.of(),
          pending,
          "a finding that was never committed is pending forever; FINDINGS_RECEIVED logged: "
              + rig.events(EventType.FINDINGS_RECEIVED).size());
    }
  }

  /**
   * The manifest timeout of a findings folder runs from findings.yaml's modification time
   * (FindingsIntake.java:152), which the agency sets (its returns allow setattr). A findings.yaml
   * dated in the future with a listed file that never comes makes the folder wait for ever: it is
   * never refused, never removed, and listed again every tick.
   */
  @Test
  void aListedFileThatNeverComes_isRefusedAfterTheTimeout_whateverTheAgencySetsAsTime(
      @TempDir Path root) throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put(
          "caisi/returns/f1/findings.yaml",
          rig.yaml("items:", "  - path: report.md", "  - path: never-sent.md"));
      rig.box.put("caisi/returns/f1/report.md", "# Findings\n");
      rig.box.times.put("caisi/returns/f1/findings.yaml", 4_102_444_800_000L); // 2100-01-01
      rig.clock.advance(Duration.ofDays(30)); // a month after the upload
      assertInstanceOf(
          FindingsIntake.Refused.class,
          rig.take("f1"),
          "a month after the upload, still waiting for the listed file (manifest-timeout PT1H)");
    }
  }

  /**
   * A findings folder holding a file whose name ends in .filepart (Returns.java:157) is skipped as
   * "being uploaded" on every poll, forever: no notice, never removed. The lab's intake treats a
   * stale partial upload by its age (partial-upload-max-age); here the name alone, which the agency
   * chooses, keeps the folder in the drop box for good.
   */
  @Test
  void aFileNamedFilepart_doesNotKeepAFindingsFolderForever(@TempDir Path root) throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/f1/report.md", "# Findings\n");
      rig.box.put("caisi/returns/f1/old.filepart", "left over\n");
      rig.box.put("caisi/returns/f1/findings.yaml", rig.yaml("items:", "  - path: report.md"));
      Returns returns = rig.returns();
      for (int poll = 0; poll < 10; poll++) {
        returns.poll();
        rig.clock.advance(Duration.ofDays(1));
      }
      assertTrue(
          !rig.box.dirs.contains("caisi/returns/f1"),
          "after 10 days, the folder is neither taken nor refused, and still in the drop box");
    }
  }

  /**
   * Held up: a spill hidden in a zip inside a folder of the findings, in a file the agency did not
   * list, holds the whole finding; nothing reaches the lab or cisa. Another finding of the same
   * agency, clean, still goes through.
   */
  @Test
  void heldUp_aSpillInAZippedUnlistedFile_reachesNoOne_andHoldsNoOtherFinding(@TempDir Path root)
      throws Exception {
    try (Rig rig = new Rig(root)) {
      var zip = new java.io.ByteArrayOutputStream();
      try (var z = new java.util.zip.ZipOutputStream(zip)) {
        z.putNextEntry(new java.util.zip.ZipEntry("inner/notes.txt"));
        z.write("TOP SECRET//SI//NOFORN\n\nsource details\n".getBytes());
        z.closeEntry();
      }
      rig.box.put("caisi/returns/f1/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put("caisi/returns/f1/more/evidence.zip", zip.toByteArray());
      rig.box.put(
          "caisi/returns/f1/findings.yaml",
          rig.yaml("share-with: [cisa]", "items:", "  - path: report.md"));
      rig.box.put("caisi/returns/f2/report.md", "# Other findings\n\nAll fine.\n");
      rig.box.put(
          "caisi/returns/f2/findings.yaml",
          rig.yaml("share-with: [cisa]", "items:", "  - path: report.md"));
      assertInstanceOf(FindingsIntake.Taken.class, rig.take("f1"));
      String spilled = rig.events(EventType.FINDINGS_RECEIVED).get(0).item();
      assertInstanceOf(FindingsIntake.Taken.class, rig.take("f2"));
      rig.tick();
      rig.tick();
      assertTrue(
          rig.events(EventType.DELIVERED).stream().noneMatch(e -> spilled.equals(e.submission())),
          "nothing of the spilled finding delivered");
      assertEquals(2, rig.events(EventType.QUARANTINED).size(), "both files of it held");
      assertEquals(1, rig.labPackages().size(), "only the clean finding reached the lab");
      assertEquals(1, rig.shared.get("cisa").size(), "only the clean finding reached cisa");
      assertEquals(2, rig.notices.get("caisi").size(), "both answered");
    }
  }

  /**
   * Held up: findings about a submission caisi was never delivered are refused, and share-with
   * naming caisi itself, or an agency the policy does not know, is refused by the parser.
   */
  @Test
  void heldUp_findingsAboutAnotherSubmission_orSharedWithSelfOrUnknown_areRefused(
      @TempDir Path root) throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/f1/report.md", "x\n");
      rig.box.put(
          "caisi/returns/f1/findings.yaml",
          "submission: " + Ids.submission() + "\nitems:\n  - path: report.md\n");
      assertInstanceOf(FindingsIntake.Refused.class, rig.take("f1"));
      rig.box.put("caisi/returns/f2/report.md", "x\n");
      rig.box.put(
          "caisi/returns/f2/findings.yaml",
          rig.yaml("share-with: [caisi]", "items:", "  - path: report.md"));
      assertInstanceOf(FindingsIntake.Refused.class, rig.take("f2"));
      rig.box.put("caisi/returns/f3/report.md", "x\n");
      rig.box.put(
          "caisi/returns/f3/findings.yaml",
          rig.yaml("share-with: [nsa]", "items:", "  - path: ../report.md"));
      assertInstanceOf(FindingsIntake.Refused.class, rig.take("f3"));
      assertTrue(rig.staging.pending().isEmpty());
    }
  }

  /** Sanity: the normal path works in this rig (so the failures above are the defects). */
  /**
   * Findings go only to agencies the lab shared the submission with: nsa, never delivered it, gets
   * nothing of caisi's findings, though the routing rules alone would let it; the lab still does.
   */
  @Test
  void shareWith_anAgencyTheLabDidNotShareWith_getsNothing(@TempDir Path root) throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/f1/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put(
          "caisi/returns/f1/findings.yaml",
          rig.yaml("share-with: [nsa, cisa]", "items:", "  - path: report.md"));
      assertInstanceOf(FindingsIntake.Taken.class, rig.take("f1"));
      rig.tick();
      assertEquals(1, rig.labPackages().size());
      assertEquals(List.of("cisa"), new ArrayList<>(rig.shared.keySet()), "not nsa");
      assertTrue(rig.events(EventType.ROUTED).stream().noneMatch(e -> "nsa".equals(e.agency())));
    }
  }

  @Test
  void control_findingsReachTheLabAndCisa(@TempDir Path root) throws Exception {
    try (Rig rig = new Rig(root)) {
      rig.box.put("caisi/returns/f1/report.md", "# Findings\n\nThe model is fine.\n");
      rig.box.put(
          "caisi/returns/f1/findings.yaml",
          rig.yaml("share-with: [cisa]", "items:", "  - path: report.md"));
      assertInstanceOf(FindingsIntake.Taken.class, rig.take("f1"));
      rig.tick();
      assertEquals(1, rig.labPackages().size());
      assertEquals(List.of("cisa"), new ArrayList<>(rig.shared.keySet()));
      assertEquals(1, rig.notices.get("caisi").size());
      assertTrue(rig.staging.pending().isEmpty());
      assertTrue(Files.isDirectory(root.resolve("review")));
    }
  }
}
