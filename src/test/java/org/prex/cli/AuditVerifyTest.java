package org.prex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.testing.Cli.prex;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditFixtures;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.audit.verify.Checkpoint;
import org.prex.merkle.MerkleVerifier;
import org.prex.seal.ClearSigner;
import org.prex.seal.SigningKey;
import org.prex.testing.Cli.Run;
import org.prex.testing.Gpg;

/**
 * {@code audit verify}, {@code checkpoint} and {@code prove} on a real H2 log, tampered with by
 * plain SQL the way someone with the database file could: each change, deletion, insertion,
 * reordering and truncation is caught and names the first bad event.
 */
class AuditVerifyTest {
  @TempDir Path dir;
  Path data;
  Path early;

  @BeforeEach
  void log() throws Exception {
    data = dir.resolve("data");
    ClearSigner signer =
        new ClearSigner(SigningKey.read(Path.of("keys-example/exchange/signing.asc"), new char[0]));
    try (AuditLog log = AuditLog.open(data)) {
      for (int i = 1; i <= 10; i++) {
        log.append(
            EventDraft.of(i % 2 == 0 ? EventType.STAGED : EventType.RECEIVED)
                .lab("acme-ai")
                .submission("sub-" + (i / 4))
                .item("itm-" + i));
        if (i == 6) {
          early = dir.resolve("early.checkpoint");
          Files.writeString(early, log.checkpoint(signer::sign));
        }
      }
      log.checkpoint(signer::sign);
    }
  }

  @Test
  void anUntouchedLogVerifiesWithAndWithoutAnEarlierCheckpoint() {
    Run r = audit("verify", "--data", data.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("ok: 10 events intact, 2 stored checkpoints"), r.out());
    r = audit("verify", "--data", data.toString(), "--checkpoint", early.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("(size 6): consistent"), r.out());
  }

  @Test
  void aChangedEventIsNamed() throws Exception {
    sql("UPDATE audit_event SET reason = 'nothing to see' WHERE seq = 4");
    assertFails("event 4 does not match its leaf hash");
  }

  @Test
  void aDeletedEventIsNamed() throws Exception {
    sql("DELETE FROM audit_event WHERE seq = 5");
    assertFails("event 5 is missing");
  }

  @Test
  void anEventAppendedBehindTheHeadIsNamed() throws Exception {
    sql(
        "INSERT INTO audit_event "
            + "(seq, time_ms, event_type, lab, submission, item, agency, transfer, designation, sha256_plain, sha256_cipher, key_fingerprint, reason, leaf_hash, policy, actor) SELECT 11, time_ms, event_type, lab, submission, item, agency,"
            + " transfer, designation, sha256_plain, sha256_cipher, key_fingerprint, reason,"
            + " leaf_hash, policy, actor FROM audit_event WHERE seq = 10");
    assertFails("event 11 is beyond the log's head");
  }

  @Test
  void anEventInsertedInTheMiddleIsNamed() throws Exception {
    sql(
        "UPDATE audit_event SET seq = seq + 100 WHERE seq >= 7",
        "UPDATE audit_event SET seq = seq - 99 WHERE seq >= 107",
        "INSERT INTO audit_event "
            + "(seq, time_ms, event_type, lab, submission, item, agency, transfer, designation, sha256_plain, sha256_cipher, key_fingerprint, reason, leaf_hash, policy, actor) SELECT 7, time_ms, event_type, lab, submission, 'itm-x', agency,"
            + " transfer, designation, sha256_plain, sha256_cipher, key_fingerprint, reason,"
            + " leaf_hash, policy, actor FROM audit_event WHERE seq = 6",
        "UPDATE log_head SET tree_size = 11");
    assertFails("event 7 does not match its leaf hash");
  }

  @Test
  void reorderedEventsAreNamed() throws Exception {
    sql(
        "UPDATE audit_event SET seq = 1003 WHERE seq = 3",
        "UPDATE audit_event SET seq = 3 WHERE seq = 4",
        "UPDATE audit_event SET seq = 4 WHERE seq = 1003");
    assertFails("event 3 does not match its leaf hash");
  }

  @Test
  void aChangeWithARecomputedLeafHashIsCaughtByTheStoredTree() throws Exception {
    // the leaf hash of event 2 recomputed over the changed fields (as an insider could)
    sql("UPDATE audit_event SET reason = 'hidden' WHERE seq = 2");
    List<String> updates = new ArrayList<>();
    try (AuditLog log = AuditLog.openReadOnly(data)) {
      var e = log.list(new org.prex.audit.AuditQuery(null, null, null, null)).get(1);
      byte[] leaf = org.prex.merkle.TreeHash.leaf(org.prex.audit.CanonicalEvent.encode(e));
      updates.add(
          "UPDATE audit_event SET leaf_hash = X'"
              + HexFormat.of().formatHex(leaf)
              + "'"
              + " WHERE seq = 2");
    }
    sql(updates.toArray(new String[0]));
    assertFails("events 1 to 2 differ from the stored Merkle tree");
  }

  @Test
  void aTidyTruncationIsCaughtByAnEarlierCheckpoint() throws Exception {
    sql(
        "DELETE FROM audit_event WHERE seq > 5",
        "DELETE FROM tree_node WHERE (idx + 1) * POWER(2, lvl) > 5",
        "DELETE FROM checkpoint WHERE tree_size > 5",
        "UPDATE log_head SET tree_size = 5");
    // without a checkpoint from outside, a tidy truncation looks like a shorter log
    assertEquals(0, audit("verify", "--data", data.toString()).code());
    Run r = audit("verify", "--data", data.toString(), "--checkpoint", early.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.err().startsWith("error: event 6 is missing: checkpoint"), r.err());
    // the journal still holds them, as after a crash in which H2's recovery dropped them
    assertTrue(r.err().contains("the journal holds events up to 10"), r.err());
    AuditLog.open(data).close(); // as prex serve's start does: puts them back
    r = audit("verify", "--data", data.toString(), "--checkpoint", early.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("ok: 10 events intact, 2 stored checkpoints"), r.out());

    // without the journal, nothing can be put back, and nothing is suggested
    sql(
        "DELETE FROM audit_event WHERE seq > 5",
        "DELETE FROM tree_node WHERE (idx + 1) * POWER(2, lvl) > 5",
        "DELETE FROM checkpoint WHERE tree_size > 5",
        "UPDATE log_head SET tree_size = 5");
    Files.delete(data.resolve("audit/journal"));
    r = audit("verify", "--data", data.toString(), "--checkpoint", early.toString());
    assertEquals(1, r.code(), r.out());
    assertFalse(r.err().contains("journal"), r.err());
  }

  @Test
  void aTidyTruncationIsCaughtByTheCheckpointInALabsReceipt() throws Exception {
    ClearSigner signer =
        new ClearSigner(SigningKey.read(Path.of("keys-example/exchange/signing.asc"), new char[0]));
    String json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .writeValueAsString(
                java.util.Map.of(
                    "format", "prex-receipt/1", "checkpoint", Files.readString(early)));
    Path receipt = dir.resolve("s-receipt.receipt.asc");
    Files.writeString(receipt, signer.sign(json));
    Run ok = audit("verify", "--data", data.toString(), "--checkpoint", receipt.toString());
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.out().contains("(size 6): consistent"), ok.out());

    Path forged = dir.resolve("forged.receipt.asc");
    Files.writeString(
        forged, Files.readString(receipt).replace("prex-receipt/1", "prex-receipt/2"));
    Run bad = audit("verify", "--data", data.toString(), "--checkpoint", forged.toString());
    assertEquals(1, bad.code(), bad.out());
    assertTrue(bad.err().startsWith("error: checkpoint " + forged), bad.err());

    sql(
        "DELETE FROM audit_event WHERE seq > 5",
        "DELETE FROM tree_node WHERE (idx + 1) * POWER(2, lvl) > 5",
        "DELETE FROM checkpoint WHERE tree_size > 5",
        "UPDATE log_head SET tree_size = 5");
    Run r = audit("verify", "--data", data.toString(), "--checkpoint", receipt.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.err().startsWith("error: event 6 is missing: checkpoint"), r.err());
  }

  @Test
  void anUntidyTruncationIsCaughtByTheStoredCheckpoints() throws Exception {
    sql("DELETE FROM audit_event WHERE seq > 8", "UPDATE log_head SET tree_size = 8");
    assertFails("event 9 is missing: the stored Merkle tree covers more events");
  }

  @Test
  void checkpointPrintsWhatGpgVerifiesAndProveChecksOffline() throws Exception {
    Run r = audit("checkpoint", "--data", data.toString());
    assertEquals(0, r.code(), r.err());
    Path file = dir.resolve("latest.asc");
    Files.writeString(file, r.out());
    Gpg gpg = new Gpg(dir.resolve("gnupg"));
    gpg.importFile(Path.of("keys-example/exchange/signing.pub.asc"));
    Gpg.Result g = gpg.run("--verify", file.toString());
    assertEquals(0, g.exit(), g.stderr());

    Run p = audit("prove", "7", "--data", data.toString());
    assertEquals(0, p.code(), p.err());
    String[] lines = p.out().split("\n");
    assertEquals("prex-inclusion-proof/1", lines[0]);
    assertEquals("event 7", lines[1]);
    long index = Long.parseLong(lines[2].substring("leaf-index ".length()));
    byte[] leaf = HexFormat.of().parseHex(lines[3].substring("leaf-hash ".length()));
    long size = Long.parseLong(lines[4].substring("tree-size ".length()));
    List<byte[]> path = new ArrayList<>();
    int i = 5;
    for (; lines[i].startsWith("path "); i++) {
      path.add(HexFormat.of().parseHex(lines[i].substring(5)));
    }
    String signed = p.out().substring(p.out().indexOf("-----BEGIN PGP SIGNED MESSAGE"));
    Checkpoint cp =
        Checkpoint.parse(
            ClearSigner.verify(
                signed,
                org.prex.seal.PublicCert.read(Path.of("keys-example/exchange/signing.pub.asc"))));
    assertEquals(10, size);
    assertEquals(size, cp.size());
    assertTrue(MerkleVerifier.verifyInclusion(index, size, leaf, path, cp.root()));
    assertTrue(Base64.getEncoder().encodeToString(cp.root()).length() == 44);
  }

  @Test
  void showPrintsTheChainOfCustodyOfASubmission() throws Exception {
    try (AuditLog log = AuditLog.open(data)) {
      log.append(
          EventDraft.of(EventType.DELIVERED)
              .lab("acme-ai")
              .submission("sub-1")
              .item("itm-4")
              .agency("caisi")
              .transfer("t-1"));
      log.append(
          EventDraft.of(EventType.REJECTED)
              .lab("acme-ai")
              .submission("sub-1")
              .item("itm-5")
              .reason("empty file"));
    }
    Run r = audit("show", "sub-1", "--data", data.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("itm-4: delivered to caisi (transfer t-1)"), r.out());
    assertTrue(r.out().contains("itm-5: rejected: empty file"), r.out());
    assertTrue(r.out().contains("itm-6: in progress (last event 6 STAGED)"), r.out());
    assertEquals(1, audit("show", "nope", "--data", data.toString()).code());
  }

  @Test
  void verifyingWhileAnotherConnectionAppendsSeesAConsistentSnapshot() throws Exception {
    try (AuditLog writer = AuditLog.open(data);
        AuditLog reader = AuditLog.openReadOnly(data)) {
      Thread appender =
          new Thread(
              () -> {
                for (int i = 0; i < 1500; i++) {
                  writer.append(EventDraft.of(EventType.RECEIVED).item("more-" + i));
                }
              });
      appender.start();
      int checks = 0;
      while (appender.isAlive() || checks == 0) {
        var check = reader.verify();
        assertTrue(check.intact(), check.problem());
        checks++;
      }
      appender.join();
      assertEquals(1510, reader.verify().treeSize());
    }
  }

  @Test
  void aLogFromSchemaVersion2_verifiesReadOnly_andGetsThePolicyColumnWhenOpened() throws Exception {
    sql(
        "ALTER TABLE audit_event DROP COLUMN actor",
        "ALTER TABLE audit_event DROP COLUMN policy",
        "DROP TABLE workflow_state",
        "DELETE FROM schema_version WHERE version >= 3");
    Run before = audit("verify", "--data", data.toString());
    assertEquals(0, before.code(), before.err());
    assertTrue(before.out().contains("ok: 10 events intact"), before.out());
    assertEquals(0, audit("list", "--data", data.toString(), "--format", "json").code());
    try (AuditLog log = AuditLog.open(data)) {
      log.append(
          EventDraft.of(EventType.POLICY_LOADED).policy("ab".repeat(32)).reason("after upgrade"));
    }
    Run after = audit("verify", "--data", data.toString());
    assertEquals(0, after.code(), after.err());
    assertTrue(after.out().contains("ok: 11 events intact"), after.out());
  }

  @Test
  void aLogFromSchemaVersion4_verifiesReadOnly_andGetsTheActorColumnWhenOpened() throws Exception {
    sql(
        "ALTER TABLE audit_event DROP COLUMN actor",
        "DELETE FROM schema_version WHERE version >= 5");
    Run before = audit("verify", "--data", data.toString());
    assertEquals(0, before.code(), before.err());
    assertEquals(0, audit("list", "--data", data.toString(), "--format", "csv").code());
    try (AuditLog log = AuditLog.open(data)) {
      log.append(EventDraft.of(EventType.CONSOLE_LOGIN).actor("rita").reason("after upgrade"));
    }
    Run after = audit("verify", "--data", data.toString());
    assertEquals(0, after.code(), after.err());
    assertTrue(after.out().contains("ok: 11 events intact"), after.out());
    Run listed = audit("list", "--data", data.toString(), "--format", "csv");
    assertTrue(listed.out().contains("CONSOLE_LOGIN"), listed.out());
    assertTrue(listed.out().contains(",rita,"), listed.out());
  }

  @Test
  void aLogFromSchemaVersion1GetsItsTreeWhenOpened() throws Exception {
    sql(
        "DROP TABLE tree_node",
        "DROP TABLE checkpoint",
        "ALTER TABLE audit_event DROP COLUMN actor",
        "ALTER TABLE audit_event DROP COLUMN policy",
        "DROP TABLE workflow_state",
        "DELETE FROM schema_version WHERE version >= 2");
    // a prex of schema 1 wrote no journal either, which would bring the checkpoints back
    Files.delete(data.resolve("audit/journal"));
    try (AuditLog log = AuditLog.open(data)) {
      log.append(EventDraft.of(EventType.RECEIVED).item("after-upgrade"));
    }
    Run r = audit("verify", "--data", data.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("ok: 11 events intact, 0 stored checkpoints"), r.out());
  }

  private void assertFails(String problem) {
    Run r = audit("verify", "--data", data.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.err().startsWith("error: " + problem), r.err());
  }

  private void sql(String... statements) throws Exception {
    AuditFixtures.sql(data, statements);
  }

  private static Run audit(String... args) {
    StringWriter out = new StringWriter();
    String[] full = new String[args.length + 1];
    full[0] = "audit";
    System.arraycopy(args, 0, full, 1, args.length);
    return prex(full);
  }
}
