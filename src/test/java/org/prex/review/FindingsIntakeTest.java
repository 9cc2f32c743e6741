package org.prex.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.config.Policy;
import org.prex.config.PolicyLoader;
import org.prex.ingest.DropBoxClient;
import org.prex.item.Ids;
import org.prex.item.Sha256;
import org.prex.staging.Staging;

/**
 * Taking an agency's findings folder into custody, against a real H2 log and real staging: taken
 * whole or refused whole, recognised when taken again, waited for while a listed file is missing.
 */
class FindingsIntakeTest {
  @TempDir Path tmp;
  private AuditLog log;
  private Staging staging;
  private Policy policy;
  private LocalBox box;
  private final String submission = Ids.submission();

  @BeforeEach
  void setUp() throws Exception {
    log = AuditLog.open(tmp.resolve("log"));
    staging = new Staging(tmp.resolve("review/staging"), "f-");
    policy = PolicyLoader.load(Path.of("routes/policy.yaml"));
    Files.createDirectories(tmp.resolve("box/caisi/returns"));
    box = new LocalBox(tmp.resolve("box"));
  }

  @AfterEach
  void close() {
    log.close();
  }

  private FindingsIntake intake(Instant now) {
    return new FindingsIntake(log, staging, () -> policy, Clock.fixed(now, ZoneOffset.UTC));
  }

  private void deliveredTo(String agency) {
    log.append(
        EventDraft.of(EventType.DELIVERED)
            .lab("acme-ai")
            .submission(submission)
            .item(Ids.item())
            .agency(agency)
            .transfer(Ids.transfer()));
  }

  private DropBoxClient.Entry folder(String yaml, String... files) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("box/caisi/returns/f1"));
    for (int i = 0; i < files.length; i += 2) {
      Files.writeString(dir.resolve(files[i]), files[i + 1]);
    }
    Files.writeString(dir.resolve("findings.yaml"), yaml);
    return box.list("caisi/returns").get(0);
  }

  private FindingsIntake.Outcome take(FindingsIntake intake, DropBoxClient.Entry f)
      throws Exception {
    return intake.take(box, "caisi", f, box.listTree(f.path()));
  }

  private List<AuditEvent> events(EventType type) {
    return log.list(new AuditQuery(null, null, null, null, java.util.Set.of(type), null));
  }

  private static String sha(String text) {
    var d = Sha256.newDigest();
    d.update(text.getBytes(StandardCharsets.UTF_8));
    return Sha256.hex(d);
  }

  @Test
  void takenWhole_listedAndUnlisted_andRecognisedWhenSeenAgain() throws Exception {
    deliveredTo("caisi");
    var f =
        folder(
            "submission: "
                + submission
                + "\nshare-with: [cisa]\nitems:\n  - path: report.md\n    sha256: "
                + sha("report\n")
                + "\n",
            "report.md",
            "report\n",
            "extra.txt",
            "not listed\n");
    FindingsIntake.Taken taken =
        assertInstanceOf(FindingsIntake.Taken.class, take(intake(Instant.now()), f));
    var staged = staging.pending();
    assertEquals(1, staged.size());
    assertEquals(taken.finding(), staged.get(0).submissionId());
    assertTrue(taken.finding().startsWith("f-"));
    assertEquals("acme-ai", staged.get(0).lab());
    assertEquals(List.of("cisa"), staged.get(0).declared().recipients());
    assertEquals(2, staged.get(0).items().size());
    assertEquals(
        1, staged.get(0).items().stream().filter(i -> !i.listed()).count(), "extra.txt unlisted");
    AuditEvent received = events(EventType.FINDINGS_RECEIVED).get(0);
    assertEquals(submission, received.submission());
    assertEquals(taken.finding(), received.item());
    assertEquals("caisi", received.agency());
    assertFalse(received.reason().contains("report"), "no file name in the log");
    assertEquals(2, events(EventType.STAGED).size());
    // the folder is still there (a stop came before its removal): taken as it was, not again
    assertEquals(taken, take(intake(Instant.now()), f));
    assertEquals(1, events(EventType.FINDINGS_RECEIVED).size());
    assertEquals(1, staging.pending().size());
  }

  @Test
  void aSubmissionTheAgencyDoesNotHold_isRefused() throws Exception {
    deliveredTo("nsa");
    var f = folder("submission: " + submission + "\nitems:\n  - path: r.md\n", "r.md", "r\n");
    var refused = assertInstanceOf(FindingsIntake.Refused.class, take(intake(Instant.now()), f));
    assertTrue(refused.why().contains("never delivered to agency caisi"), refused.why());
    assertEquals(List.of(), staging.pending());
    assertEquals(List.of(), events(EventType.FINDINGS_RECEIVED));
  }

  @Test
  void aBadManifest_isRefusedWithItsLinesForTheLog_andItsWordsForTheAgency() throws Exception {
    deliveredTo("caisi");
    var f =
        folder(
            "submission: " + submission + "\nshare-with: [secret-agency]\nitems:\n  - path: r.md\n",
            "r.md",
            "r\n");
    var refused = assertInstanceOf(FindingsIntake.Refused.class, take(intake(Instant.now()), f));
    assertEquals("findings.yaml has 1 problem(s), on line(s) 2", refused.forLog());
    assertTrue(refused.why().contains("unknown agency secret-agency"), refused.why());
  }

  @Test
  void aMismatchedFile_refusesTheWhole_andLeavesNothingStaged() throws Exception {
    deliveredTo("caisi");
    var f =
        folder(
            "submission: "
                + submission
                + "\nitems:\n  - path: a.md\n  - path: b.md\n    sha256: "
                + "0".repeat(64)
                + "\n",
            "a.md",
            "a\n",
            "b.md",
            "b\n");
    var refused = assertInstanceOf(FindingsIntake.Refused.class, take(intake(Instant.now()), f));
    assertTrue(refused.why().contains("line(s) 4 "), refused.why());
    assertEquals(List.of(), staging.pending());
    try (var left = Files.list(tmp.resolve("review/staging"))) {
      assertEquals(0, left.count(), "no plaintext left in staging");
    }
  }

  @Test
  void aListedFileNotThereYet_isWaitedFor_untilTheManifestTimeout() throws Exception {
    deliveredTo("caisi");
    var f = folder("submission: " + submission + "\nitems:\n  - path: late.md\n");
    Instant written = Instant.ofEpochMilli(f.modifiedMillis());
    assertInstanceOf(FindingsIntake.Waiting.class, take(intake(written.plusSeconds(60)), f));
    Duration timeout = policy.manifestTimeout();
    var refused =
        assertInstanceOf(
            FindingsIntake.Refused.class, take(intake(written.plus(timeout).plusSeconds(60)), f));
    assertTrue(refused.why().contains("did not arrive within"), refused.why());
  }

  @Test
  void tooManyFiles_isRefusedUnread() throws Exception {
    deliveredTo("caisi");
    Path dir = Files.createDirectories(tmp.resolve("box/caisi/returns/f1"));
    for (int i = 0; i <= FindingsIntake.MAX_FILES; i++) {
      Files.writeString(dir.resolve("f" + i), "");
    }
    var f = folder("submission: " + submission + "\nitems:\n  - path: f0\n");
    var refused = assertInstanceOf(FindingsIntake.Refused.class, take(intake(Instant.now()), f));
    assertTrue(refused.why().contains("at most 1000 files"), refused.why());
  }
}
