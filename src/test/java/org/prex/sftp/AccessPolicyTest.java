package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The whole policy, as a table: what each account may do where. */
class AccessPolicyTest {

  private final AccessPolicy policy = new AccessPolicy(Set.of("acme-ai", "beta"));
  private final Account lab = Account.lab("acme-ai");
  private final Account ingest = Account.ingest();

  @Test
  void lab_policyTable() {
    assertEquals("stat", allowed(lab, "/"));
    assertEquals("stat list", allowed(lab, "/inbox"));
    assertEquals(
        "stat list read write mkdir rmdir remove setattr", allowed(lab, "/inbox/model.bin"));
    assertEquals(
        "stat list read write mkdir rmdir remove setattr", allowed(lab, "/inbox/a/b/c.bin"));
    assertEquals("stat list", allowed(lab, "/receipts"));
    assertEquals("stat list read", allowed(lab, "/receipts/s-1.receipt.asc"));
    assertEquals("stat list", allowed(lab, "/findings"));
    assertEquals("stat list read", allowed(lab, "/findings/s-1/f-1/manifest.json.pgp"));
    assertEquals("", allowed(lab, "/returns/x"));
    assertEquals("", allowed(lab, "/notices/x"));
    assertEquals("", allowed(lab, "/model.bin"));
    assertEquals("", allowed(lab, "/beta"));
    assertEquals("", allowed(lab, "/acme-ai/inbox/x"));
  }

  @Test
  void ingest_mayOnlyAnswerAFormerLab() {
    AccessPolicy withFormer = new AccessPolicy(Set.of("acme-ai"), Set.of("gone"));
    assertEquals("stat list", allowed(withFormer, ingest, "/gone"));
    assertEquals("stat list", allowed(withFormer, ingest, "/gone/receipts"));
    assertEquals(
        "stat write remove", allowed(withFormer, ingest, "/gone/receipts/s-1.receipt.asc"));
    assertEquals("", allowed(withFormer, ingest, "/gone/inbox"));
    assertEquals("", allowed(withFormer, ingest, "/gone/inbox/model.bin"));
    assertTrue(
        withFormer.permitsRename(
            ingest, path("/gone/receipts/.s-1.partial"), path("/gone/receipts/s-1.receipt.asc")));
  }

  @Test
  void ingest_policyTable() {
    assertEquals("stat list", allowed(ingest, "/"));
    assertEquals("stat list", allowed(ingest, "/acme-ai"));
    assertEquals("stat list", allowed(ingest, "/acme-ai/inbox"));
    assertEquals("stat list read rmdir remove", allowed(ingest, "/acme-ai/inbox/model.bin"));
    assertEquals("stat list read rmdir remove", allowed(ingest, "/beta/inbox/sub/x.pdf"));
    assertEquals("stat list", allowed(ingest, "/acme-ai/receipts"));
    assertEquals("stat write remove", allowed(ingest, "/acme-ai/receipts/s-1.receipt.asc"));
    assertEquals("", allowed(ingest, "/acme-ai/receipts/sub/x"));
    assertEquals("", allowed(ingest, "/acme-ai/other"));
    assertEquals("", allowed(ingest, "/unknown-lab"));
    assertEquals("", allowed(ingest, "/unknown-lab/inbox/x"));
    assertEquals("", allowed(ingest, "/top.bin"));
  }

  @Test
  void ingest_writesFindingsPackagesIntoALabsFindings_andReadsNothingThere() {
    assertEquals("stat list", allowed(ingest, "/acme-ai/findings"));
    assertEquals("stat list mkdir", allowed(ingest, "/acme-ai/findings/s-1"));
    assertEquals("stat list mkdir rmdir", allowed(ingest, "/acme-ai/findings/s-1/.f-1.partial"));
    assertEquals(
        "stat write remove",
        allowed(ingest, "/acme-ai/findings/s-1/.f-1.partial/manifest.json.pgp"));
    assertEquals("stat list", allowed(ingest, "/acme-ai/findings/s-1/f-1"));
    assertEquals("stat", allowed(ingest, "/acme-ai/findings/s-1/f-1/manifest.json.pgp"));
    assertEquals("", allowed(ingest, "/acme-ai/findings/s-1/f-1/deeper/x.pgp"));
    assertTrue(
        policy.permitsRename(
            ingest, path("/acme-ai/findings/s-1/.f-1.partial"), path("/acme-ai/findings/s-1/f-1")));
    assertFalse(
        policy.permitsRename(
            ingest, path("/acme-ai/findings/s-1/.f-1.partial"), path("/acme-ai/findings/s-2/f-1")),
        "into another submission's folder");
    assertFalse(
        policy.permitsRename(
            ingest, path("/acme-ai/findings/s-1/.f-1.partial"), path("/beta/findings/s-1/f-1")),
        "into another lab's findings");
    AccessPolicy withFormer = new AccessPolicy(Set.of("acme-ai"), Set.of("gone"));
    assertEquals("", allowed(withFormer, ingest, "/gone/findings/s-1"), "a former lab gets none");
  }

  @Test
  void agency_writesReturnsItCannotReadBack_andReadsItsNotices() {
    AccessPolicy withAgency = new AccessPolicy(Set.of("acme-ai"), Set.of(), Set.of("caisi"));
    Account caisi = Account.agency("caisi");
    assertEquals("stat", allowed(withAgency, caisi, "/"));
    assertEquals("stat list", allowed(withAgency, caisi, "/returns"));
    assertEquals("stat list write mkdir setattr", allowed(withAgency, caisi, "/returns/ack.asc"));
    assertEquals("stat list write mkdir setattr", allowed(withAgency, caisi, "/returns/f/a.md"));
    assertEquals("stat list", allowed(withAgency, caisi, "/notices"));
    assertEquals("stat list read", allowed(withAgency, caisi, "/notices/n-1.json.pgp"));
    assertEquals("", allowed(withAgency, caisi, "/inbox/x"));
    assertEquals("", allowed(withAgency, caisi, "/receipts/x"));
    assertEquals("", allowed(withAgency, caisi, "/findings/x"));
    assertEquals("", allowed(withAgency, caisi, "/acme-ai/inbox/x"));
    assertTrue(
        withAgency.permitsRename(caisi, path("/returns/.ack.partial"), path("/returns/ack.asc")));
    assertFalse(
        withAgency.permitsRename(caisi, path("/returns/ack.asc"), path("/notices/ack.asc")));
    assertFalse(
        withAgency.permitsRename(caisi, path("/notices/n.json.pgp"), path("/notices/m.json.pgp")));
    // the ingest account takes returns and writes notices, and nothing else there
    assertEquals("stat list", allowed(withAgency, ingest, "/caisi"));
    assertEquals("stat list", allowed(withAgency, ingest, "/caisi/returns"));
    assertEquals("stat list read rmdir remove", allowed(withAgency, ingest, "/caisi/returns/a"));
    assertEquals("stat list", allowed(withAgency, ingest, "/caisi/notices"));
    assertEquals("stat write remove", allowed(withAgency, ingest, "/caisi/notices/n.json.pgp"));
    assertEquals("", allowed(withAgency, ingest, "/caisi/notices/sub/n.json.pgp"));
    assertEquals("", allowed(withAgency, ingest, "/caisi/inbox/x"));
    assertTrue(
        withAgency.permitsRename(
            ingest, path("/caisi/notices/.n.partial"), path("/caisi/notices/n.json.pgp")));
    assertFalse(
        withAgency.permitsRename(
            ingest, path("/caisi/notices/.n.partial"), path("/caisi/returns/n.json.pgp")));
    assertFalse(
        withAgency.permitsRename(ingest, path("/caisi/returns/a"), path("/caisi/returns/b")));
  }

  @Test
  void nothing_permitsLinksCopiesOrReadlink() {
    for (Account account : new Account[] {lab, ingest}) {
      for (String path :
          new String[] {"/", "/inbox/x", "/acme-ai/inbox/x", "/acme-ai/receipts/x"}) {
        for (Operation op : EnumSet.of(Operation.LINK, Operation.COPY, Operation.READLINK)) {
          assertFalse(policy.permits(account, op, path(path)), account + " " + op + " " + path);
        }
      }
    }
  }

  @Test
  void lab_renamesWithinInboxOnly() {
    assertTrue(policy.permitsRename(lab, path("/inbox/a.part"), path("/inbox/a.bin")));
    assertTrue(policy.permitsRename(lab, path("/inbox/dir"), path("/inbox/other/dir")));
    assertFalse(policy.permitsRename(lab, path("/inbox"), path("/inbox2")));
    assertFalse(policy.permitsRename(lab, path("/inbox/a"), path("/receipts/a")));
    assertFalse(policy.permitsRename(lab, path("/receipts/a"), path("/inbox/a")));
    assertFalse(policy.permitsRename(lab, path("/receipts/a"), path("/receipts/b")));
    assertFalse(policy.permitsRename(lab, path("/inbox/a"), path("/a")));
  }

  @Test
  void ingest_renamesWithinOneLabsReceiptsOnly() {
    assertTrue(
        policy.permitsRename(
            ingest, path("/acme-ai/receipts/r.tmp"), path("/acme-ai/receipts/r.asc")));
    assertFalse(
        policy.permitsRename(
            ingest, path("/acme-ai/receipts/r.tmp"), path("/beta/receipts/r.asc")));
    assertFalse(policy.permitsRename(ingest, path("/acme-ai/inbox/x"), path("/acme-ai/inbox/y")));
    assertFalse(
        policy.permitsRename(ingest, path("/acme-ai/inbox/x"), path("/acme-ai/receipts/x")));
    assertFalse(
        policy.permitsRename(ingest, path("/acme-ai/receipts/x"), path("/acme-ai/inbox/x")));
  }

  @Test
  void virtualPaths_normaliseAndNeverClimbAboveTheRoot() {
    assertEquals("/inbox/b", VirtualPath.parse("/inbox/./a/../b").orElseThrow().absolute());
    assertEquals("acme-ai/inbox", VirtualPath.parse("acme-ai//inbox/").orElseThrow().relative());
    assertEquals("/", VirtualPath.parse("/inbox/..").orElseThrow().absolute());
    assertTrue(VirtualPath.parse("/..").isEmpty());
    assertTrue(VirtualPath.parse("inbox/../../beta").isEmpty());
    assertEquals("acme-ai/inbox/x", lab.rootRelative(VirtualPath.parse("/inbox/x").orElseThrow()));
    assertEquals(
        "acme-ai/receipts/x",
        ingest.rootRelative(VirtualPath.parse("/acme-ai/receipts/x").orElseThrow()));
  }

  private String allowed(Account account, String path) {
    return allowed(policy, account, path);
  }

  private static String allowed(AccessPolicy policy, Account account, String path) {
    return EnumSet.allOf(Operation.class).stream()
        .filter(op -> op != Operation.RESOLVE && op != Operation.RENAME)
        .filter(op -> policy.permits(account, op, path(path)))
        .map(Operation::label)
        .collect(Collectors.joining(" "));
  }

  private static VirtualPath path(String path) {
    return VirtualPath.parse(path).orElseThrow();
  }
}
