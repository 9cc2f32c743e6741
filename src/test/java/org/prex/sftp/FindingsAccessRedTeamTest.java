package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Red team: what the ingest account may do in a lab's {@code /findings} (commit a08a782).
 * LabFindingsBox needs only this: make {@code <lab>/findings/<s-id>}, make and fill a partial
 * folder {@code .<f-id>.partial} (and remove one a stop cut off), rename it to {@code <f-id>}.
 * AccessPolicy grants, on every name (AccessPolicy.java:44-46, :88-90, :173-179): write and remove
 * any file of a package already delivered, remove the emptied package folder, and rename a
 * delivered package to any other name in the submission folder. The policy is pure on paths, so it
 * can tell a partial folder from a delivered one by its name, as LabFindingsBox names them. With
 * these rights, a bug in prex or a stolen ingest key silently deletes, rewrites or swaps findings a
 * lab already has (the lab cannot tell: it may only read).
 */
class FindingsAccessRedTeamTest {
  private final AccessPolicy policy =
      new AccessPolicy(Set.of("acme-ai"), Set.of(), Set.of("caisi"));
  private final Account ingest = Account.ingest();

  private static final String SUB = "/acme-ai/findings/s-aaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String DELIVERED = SUB + "/f-bbbbbbbbbbbbbbbbbbbbbbbbbb";
  private static final String PARTIAL = SUB + "/.f-bbbbbbbbbbbbbbbbbbbbbbbbbb.partial";

  @Test
  void ingest_mayFillAPartialPackage() {
    // what LabFindingsBox does: these must stay allowed
    assertTrue(policy.permits(ingest, Operation.MKDIR, path(SUB)));
    assertTrue(policy.permits(ingest, Operation.MKDIR, path(PARTIAL)));
    assertTrue(policy.permits(ingest, Operation.WRITE, path(PARTIAL + "/manifest.json.pgp")));
    assertTrue(policy.permits(ingest, Operation.REMOVE, path(PARTIAL + "/manifest.json.pgp")));
    assertTrue(policy.permits(ingest, Operation.RMDIR, path(PARTIAL)));
    assertTrue(policy.permitsRename(ingest, path(PARTIAL), path(DELIVERED)));
  }

  @Test
  void ingest_mayNotRewriteOrRemoveADeliveredPackage() {
    assertEquals(
        "stat list",
        allowed(DELIVERED),
        "the ingest account may remove the folder of findings the lab already has");
    assertEquals(
        "stat",
        allowed(DELIVERED + "/manifest.json.pgp"),
        "the ingest account may overwrite or remove a file of findings the lab already has");
  }

  @Test
  void ingest_mayNotRenameADeliveredPackage() {
    assertFalse(
        policy.permitsRename(ingest, path(DELIVERED), path(SUB + "/f-cccccccccccccccccccccccccc")),
        "a delivered package renamed to another finding's id");
    assertFalse(
        policy.permitsRename(ingest, path(DELIVERED), path(PARTIAL)),
        "a delivered package renamed back to a partial name (then removable)");
  }

  private String allowed(String path) {
    return EnumSet.allOf(Operation.class).stream()
        .filter(op -> op != Operation.RESOLVE && op != Operation.RENAME)
        .filter(op -> policy.permits(ingest, op, path(path)))
        .map(Operation::label)
        .collect(Collectors.joining(" "));
  }

  private static VirtualPath path(String path) {
    return VirtualPath.parse(path).orElseThrow();
  }
}
