package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two drop boxes of a pair on one shared folder (docs/operations.md, "Two nodes"): what one has
 * open, cut off, being renamed or just closed is never taken through the other, and the record of
 * one that died is taken over by the live one.
 */
class SharedUploadsTest {
  @TempDir Path root;

  /** The monotonic clock both read, in nanoseconds; the tests move it. */
  private final long[] now = {0};

  private SharedUploads sharedA;
  private SharedUploads sharedB;
  private OpenWrites a;
  private OpenWrites b;

  private void startBoth() throws IOException {
    sharedA = SharedUploads.join(root, "a", () -> now[0]);
    sharedB = SharedUploads.join(root, "b", () -> now[0]);
    a = new OpenWrites(sharedA, () -> now[0]);
    b = new OpenWrites(sharedB, () -> now[0]);
  }

  @AfterEach
  void leave() {
    if (sharedA != null) {
      sharedA.close();
    }
    if (sharedB != null) {
      sharedB.close();
    }
  }

  @Test
  void anUploadOpenThroughOneNode_isBeingWrittenForTheOther_untilClosedAndSettled()
      throws Exception {
    startBoth();
    Object upload = new Object();
    b.opened(upload, "acme-ai/inbox/weights.bin");
    assertTrue(a.isBeingWritten("acme-ai/inbox/weights.bin"));
    assertTrue(a.isBeingWritten("acme-ai/inbox"), "and the folder above it");
    assertFalse(a.isBeingWritten("acme-ai/inbox/other.bin"));
    int[] removed = {0};
    assertFalse(a.unlessBeingWritten("acme-ai/inbox/weights.bin", () -> removed[0]++));
    assertEquals(0, removed[0], "the leader never removes what the standby's lab is writing");

    b.closed(upload, true);
    assertFalse(a.isBeingWritten("acme-ai/inbox/weights.bin"));
    assertTrue(a.isSettling("acme-ai/inbox/weights.bin"), "closed a moment ago: may be resumed");
    now[0] += OpenWrites.SETTLE.toNanos();
    assertFalse(a.isSettling("acme-ai/inbox/weights.bin"));
    assertTrue(a.unlessBeingWritten("acme-ai/inbox/weights.bin", () -> removed[0]++));
    assertEquals(1, removed[0]);
  }

  @Test
  void anUploadCutOffOrBeingRenamedOnOneNode_isNotTakenThroughTheOther() throws Exception {
    startBoth();
    Object cut = new Object();
    b.opened(cut, "acme-ai/inbox/cut.bin");
    b.closed(cut, false);
    assertTrue(a.isBeingWritten("acme-ai/inbox/cut.bin"), "cut off: incomplete everywhere");

    Object part = new Object();
    b.opened(part, "acme-ai/inbox/card.md.filepart");
    b.closed(part, true);
    now[0] += OpenWrites.SETTLE.toNanos();
    b.renameStarted("acme-ai/inbox/card.md.filepart", "acme-ai/inbox/card.md");
    assertTrue(a.isBeingWritten("acme-ai/inbox/card.md"), "both ends of a rename in progress");
    assertTrue(a.isBeingWritten("acme-ai/inbox/card.md.filepart"));
    b.renameEnded("acme-ai/inbox/card.md.filepart", "acme-ai/inbox/card.md", true);
    assertFalse(a.isBeingWritten("acme-ai/inbox/card.md"));
    assertTrue(a.isSettling("acme-ai/inbox/card.md"), "renamed into place a moment ago");
  }

  @Test
  void anOpenThroughTheOtherNode_waitsForATakersCheckAndRemoval_neverSlipsInBetween()
      throws Exception {
    startBoth();
    CountDownLatch checking = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread taker =
        new Thread(
            () -> {
              try {
                a.unlessBeingWritten(
                    "acme-ai/inbox/a.md",
                    () -> {
                      checking.countDown();
                      try {
                        release.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    });
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    taker.start();
    assertTrue(checking.await(10, TimeUnit.SECONDS));
    boolean[] opened = {false};
    Thread opener =
        new Thread(
            () -> {
              try {
                b.opened(new Object(), "acme-ai/inbox/a.md");
                opened[0] = true;
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    opener.start();
    opener.join(300); // time for it to get in between, if it could
    assertTrue(opener.isAlive(), "the other node's open waits for the removal in progress");
    release.countDown();
    taker.join(10_000);
    opener.join(10_000);
    assertTrue(opened[0]);
    assertTrue(a.isBeingWritten("acme-ai/inbox/a.md"));
  }

  @Test
  void aStoppedNodesOpenUploads_areTakenOverAsIncomplete_andClearWhenRedone() throws Exception {
    startBoth();
    b.opened(new Object(), "acme-ai/inbox/killed.bin"); // node b dies with this open
    sharedB.close();
    sharedB = null;
    assertTrue(a.isBeingWritten("acme-ai/inbox/killed.bin"), "until taken over");
    a.adoptDead();
    assertFalse(Files.exists(root.resolve(SharedUploads.recordName("b"))));
    assertTrue(a.isIncomplete("acme-ai/inbox/killed.bin"), "a's own now: its sweep may remove it");

    Object redo = new Object();
    a.opened(redo, "acme-ai/inbox/killed.bin"); // the lab uploads it again, through a
    a.closed(redo, true);
    assertFalse(a.isBeingWritten("acme-ai/inbox/killed.bin"));

    // b starting again reads nothing of its old record: a holds it
    sharedB = SharedUploads.join(root, "b", () -> now[0]);
    OpenWrites again = new OpenWrites(sharedB, () -> now[0]);
    assertFalse(again.isBeingWritten("acme-ai/inbox/killed.bin"));
  }

  @Test
  void aLiveNodesRecord_isNotTakenOver() throws Exception {
    startBoth();
    Object open = new Object();
    b.opened(open, "acme-ai/inbox/live.bin");
    a.adoptDead();
    assertTrue(Files.exists(root.resolve(SharedUploads.recordName("b"))));
    assertFalse(a.isIncomplete("acme-ai/inbox/live.bin"));
    b.closed(open, true);
    now[0] += OpenWrites.SETTLE.toNanos();
    assertFalse(a.isBeingWritten("acme-ai/inbox/live.bin"));
  }

  /** The lab's bytes at {@code key}, as a drop box's upload leaves them. */
  private void file(String key, String text) throws IOException {
    Path f = root.resolve(key);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }

  @Test
  void anUploadCutOffOnOneNode_andRedoneWholeOnTheOther_isWholeForBoth() throws Exception {
    startBoth();
    String p = "acme-ai/inbox/report.bin";
    Object cut = new Object();
    b.opened(cut, p);
    file(p, "the first hal");
    b.closed(cut, false); // the client went away
    assertTrue(a.isBeingWritten(p), "cut off: not taken");
    assertTrue(b.isIncomplete(p));

    Object redo = new Object();
    a.opened(redo, p); // the lab's load balancer sends it to the other node
    file(p, "the whole report, written again");
    a.closed(redo, true);
    now[0] += OpenWrites.SETTLE.toNanos();
    assertFalse(a.isBeingWritten(p), "written whole since: the leader takes it");
    assertFalse(b.isIncomplete(p), "and the node it was cut off on never sweeps it away");
    assertFalse(b.isBeingWritten(p));
  }

  @Test
  void anAdoptedCutOff_redoneThroughTheRestartedNode_isWholeForTheAdopter() throws Exception {
    startBoth();
    String p = "acme-ai/inbox/report.bin";
    b.opened(new Object(), p);
    file(p, "the first hal");
    sharedB.close(); // kill -9: its node lock goes with it
    a.adoptDead();
    assertTrue(a.isIncomplete(p));

    sharedB = SharedUploads.join(root, "b", () -> now[0]);
    OpenWrites restarted = new OpenWrites(sharedB, () -> now[0]);
    Object redo = new Object();
    restarted.opened(redo, p);
    file(p, "the whole report, written again");
    restarted.closed(redo, true);
    now[0] += OpenWrites.SETTLE.toNanos();
    assertFalse(a.isIncomplete(p), "written since it was adopted");
    assertFalse(a.isBeingWritten(p));
  }

  @Test
  void aCutOffRenamedThroughTheOtherNode_isRefused_notLeftUnguarded() throws Exception {
    startBoth();
    String p = "acme-ai/inbox/stage/weights.bin";
    Object cut = new Object();
    b.opened(cut, p);
    file(p, "the first hal");
    b.closed(cut, false);
    assertThrows(
        java.nio.file.AccessDeniedException.class,
        () -> a.renameStarted(p, "acme-ai/inbox/sub1/weights.bin"));
    assertThrows(
        java.nio.file.AccessDeniedException.class,
        () -> a.renameStarted("acme-ai/inbox/stage", "acme-ai/inbox/sub1"),
        "nor the folder above it");
    assertTrue(a.isBeingWritten(p), "still guarded where it is");
  }

  @Test
  void aCutOffResumedWithNothingLeftToWrite_throughTheOtherNode_isWholeForBoth() throws Exception {
    startBoth();
    String p = "acme-ai/inbox/report.bin";
    Object cut = new Object();
    b.opened(cut, p);
    file(p, "every byte, but the close was lost");
    b.closed(cut, false);
    Object resume = new Object();
    a.opened(resume, p); // reput -a through the other node: nothing left to append
    a.closed(resume, true);
    now[0] += OpenWrites.SETTLE.toNanos();
    assertFalse(b.isIncomplete(p), "closed whole there: never swept here");
    assertFalse(a.isBeingWritten(p), "and taken");
  }

  @Test
  void newTimesOnACutOff_areRefused_soThatItCannotPassForANewVersion() throws Exception {
    startBoth();
    String p = "acme-ai/inbox/report.bin";
    Object cut = new Object();
    b.opened(cut, p);
    file(p, "the first hal");
    b.closed(cut, false);
    assertTrue(b.isWrittenElsewhere(p), "cut off here");
    assertTrue(a.isWrittenElsewhere(p), "cut off through the other node");
    Object open = new Object();
    a.opened(open, "acme-ai/inbox/open.bin");
    assertFalse(a.isWrittenElsewhere("acme-ai/inbox/open.bin"), "its own open upload may be");
  }

  @Test
  void aFilesIdentity_leavesOutTheDeviceNumber_whichEachMachineGivesItsOwn() throws Exception {
    startBoth();
    file("acme-ai/inbox/x.bin", "x");
    String id = sharedA.identity("acme-ai/inbox/x.bin");
    assertFalse(id.contains("dev"), id);
    assertEquals(id, sharedB.identity("acme-ai/inbox/x.bin"));
    assertEquals(4, id.split("/").length, "size, modification time, change time, inode: " + id);
  }

  @Test
  void aNodeNamedLikeATemporaryFile_isStillSeenByTheOther() throws Exception {
    sharedA = SharedUploads.join(root, "a", () -> now[0]);
    sharedB = SharedUploads.join(root, "tmp", () -> now[0]);
    a = new OpenWrites(sharedA, () -> now[0]);
    b = new OpenWrites(sharedB, () -> now[0]);
    b.opened(new Object(), "acme-ai/inbox/weights.bin");
    assertTrue(a.isBeingWritten("acme-ai/inbox/weights.bin"));
  }

  @Test
  void aRecordRewrittenWithinOneClockTick_isReadAgain() throws Exception {
    startBoth();
    Path record = root.resolve(SharedUploads.recordName("b"));
    java.nio.file.attribute.FileTime tick =
        java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L);
    b.opened(new Object(), "acme-ai/inbox/q.bin");
    Files.setLastModifiedTime(record, tick);
    assertFalse(a.isBeingWritten("acme-ai/inbox/p.bin"));
    b.opened(new Object(), "acme-ai/inbox/p.bin");
    Files.setLastModifiedTime(record, tick);
    b.opened(new Object(), "acme-ai/inbox/r.bin");
    Files.setLastModifiedTime(record, tick); // the same time, and maybe the same inode again
    assertTrue(a.isBeingWritten("acme-ai/inbox/p.bin"));
  }

  @Test
  void theTakersRemoval_waitsForAnUploadJustClosed_hereOrThroughTheOtherNode() throws Exception {
    startBoth();
    String p = "acme-ai/inbox/report.bin";
    Object rewrite = new Object();
    b.opened(rewrite, p); // written again while the leader was reading it
    b.closed(rewrite, true);
    int[] removed = {0};
    assertFalse(a.unlessBeingWritten(p, () -> removed[0]++));
    Object local = new Object();
    a.opened(local, "acme-ai/inbox/local.bin");
    a.closed(local, true);
    assertFalse(a.unlessBeingWritten("acme-ai/inbox/local.bin", () -> removed[0]++));
    assertEquals(0, removed[0], "the lab's new version is never removed with the old");
    now[0] += OpenWrites.SETTLE.toNanos();
    assertTrue(a.unlessBeingWritten(p, () -> removed[0]++));
  }

  @Test
  void aRecordTooLargeToRead_countsAsWritingEverything() throws Exception {
    startBoth();
    Path record = root.resolve(SharedUploads.recordName("b"));
    try (var ch =
        java.nio.channels.FileChannel.open(
            record,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {'x'}), (16L << 20) + 1); // sparse
    }
    assertTrue(a.isBeingWritten("acme-ai/inbox/anything.bin"));
  }

  @Test
  void anUnreadableRecord_countsAsWritingEverything() throws Exception {
    startBoth();
    Path record = root.resolve(SharedUploads.recordName("b"));
    Files.deleteIfExists(record);
    Files.createDirectory(record); // not a file: cannot be read
    assertTrue(a.isBeingWritten("acme-ai/inbox/anything.bin"));
    assertTrue(a.isSettling("acme-ai/inbox/anything.bin"));
  }

  @Test
  void twoLiveNodesUnderOneName_areRefused() throws Exception {
    sharedA = SharedUploads.join(root, "a", () -> now[0]);
    long t0 = System.nanoTime();
    DropBoxException e =
        assertThrows(DropBoxException.class, () -> SharedUploads.join(root, "a", () -> now[0]));
    assertTrue(e.getMessage().contains("node 'a'"), e.getMessage());
    assertTrue(
        Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(4)) > 0,
        "it waited for a node that might have been taking the record over");
    assertThrows(
        IllegalArgumentException.class, () -> SharedUploads.join(root, "A/../x", () -> now[0]));
  }

  @Test
  void theRecordsAndLocks_areOwnerOnly() throws Exception {
    startBoth();
    b.opened(new Object(), "acme-ai/inbox/x.bin");
    try (var files = Files.list(root)) {
      for (Path f : files.toList()) {
        assertEquals(
            "rw-------",
            java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
            f.toString());
      }
    }
  }
}
