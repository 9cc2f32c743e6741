package org.prex.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenWritesTest {

  /** The monotonic clock the drop box reads, in nanoseconds; the tests move it. */
  private final long[] now = {0};

  private final OpenWrites writes = new OpenWrites(() -> now[0]);
  private final Object handle = new Object();

  private void wait(java.time.Duration d) {
    now[0] += d.toNanos();
  }

  @Test
  void aRemovalByTheIngestSide_isDoneOnlyWhileNothingIsWrittenThere_inOneStep() throws Exception {
    int[] removed = {0};
    assertTrue(writes.unlessBeingWritten("acme-ai/inbox/a.md", () -> removed[0]++));
    assertEquals(1, removed[0]);

    writes.opened(handle, "acme-ai/inbox/a.md"); // the lab uploads the same name again
    assertFalse(writes.unlessBeingWritten("acme-ai/inbox/a.md", () -> removed[0]++));
    assertEquals(1, removed[0], "the new upload is left alone");

    // an open that waits for the removal in progress comes after it, never between check and act
    Thread opener;
    synchronized (writes) {
      opener =
          new Thread(
              () -> {
                try {
                  writes.opened(new Object(), "acme-ai/inbox/b.md");
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      opener.start();
      assertTrue(
          writes.unlessBeingWritten(
              "acme-ai/inbox/b.md",
              () -> {
                try {
                  opener.join(200); // time to show it cannot register while the removal runs
                } catch (InterruptedException e) {
                  throw new java.io.InterruptedIOException();
                }
                assertTrue(opener.isAlive());
                removed[0]++;
              }));
    }
    opener.join();
    assertEquals(2, removed[0]);
    assertTrue(writes.isBeingWritten("acme-ai/inbox/b.md"));
  }

  @Test
  void openHandle_isBeingWritten_withItsFolders() throws Exception {
    writes.opened(handle, "acme-ai/inbox/run/a.bin");
    assertTrue(writes.isBeingWritten("acme-ai/inbox/run/a.bin"));
    assertTrue(writes.isBeingWritten("acme-ai/inbox/run"));
    assertTrue(writes.isBeingWritten(""));
    assertFalse(writes.isBeingWritten("acme-ai/inbox/ru"));
    assertFalse(writes.isBeingWritten("acme-ai/inbox/run/a.bin.part"));

    assertEquals(
        new OpenWrites.Closed("acme-ai/inbox/run/a.bin", true), writes.closed(handle, true));
    assertFalse(writes.isBeingWritten("acme-ai/inbox/run"));
    assertTrue(writes.isSettling("acme-ai/inbox/run"), "just closed: it may be reopened");
    wait(OpenWrites.SETTLE.minusMillis(1));
    assertTrue(writes.isSettling("acme-ai/inbox/run/a.bin"));
    wait(java.time.Duration.ofMillis(1));
    assertFalse(writes.isSettling("acme-ai/inbox/run"));
    assertNull(writes.closed(handle, true), "closing twice reports once");
  }

  @Test
  void aFileRenamedIntoPlace_settlesLikeAClosedOne_andAReopenedOneIsOpenAgain() throws Exception {
    writes.opened(handle, "acme-ai/inbox/a.filepart");
    writes.closed(handle, true);
    wait(OpenWrites.SETTLE);
    writes.renameStarted("acme-ai/inbox/a.filepart", "acme-ai/inbox/a.bin");
    writes.renameEnded("acme-ai/inbox/a.filepart", "acme-ai/inbox/a.bin", true);
    assertTrue(writes.isSettling("acme-ai/inbox/a.bin"), "just arrived");
    wait(OpenWrites.SETTLE);
    assertFalse(writes.isSettling("acme-ai/inbox/a.bin"));
    assertFalse(writes.isBeingWritten("acme-ai/inbox/a.bin"));

    Object resume = new Object();
    writes.opened(resume, "acme-ai/inbox/a.bin");
    wait(OpenWrites.SETTLE);
    assertTrue(writes.isBeingWritten("acme-ai/inbox/a.bin"), "open again, however long");
  }

  @Test
  void renamingAFolder_movesHandlesAndIncompleteFilesBelowIt() throws Exception {
    Object other = new Object();
    writes.opened(handle, "acme-ai/inbox/run/a.bin");
    writes.opened(other, "acme-ai/inbox/run/b.bin");
    writes.abandoned(other);
    writes.closed(other, true);

    writes.renameStarted("acme-ai/inbox/run", "acme-ai/inbox/run-1");
    assertTrue(writes.isBeingWritten("acme-ai/inbox/run-1"), "target of a rename in progress");
    writes.renameEnded("acme-ai/inbox/run", "acme-ai/inbox/run-1", true);

    assertFalse(writes.isBeingWritten("acme-ai/inbox/run"));
    assertTrue(writes.isBeingWritten("acme-ai/inbox/run-1/b.bin"), "still incomplete");
    assertEquals(
        new OpenWrites.Closed("acme-ai/inbox/run-1/a.bin", true), writes.closed(handle, true));
  }

  @Test
  void failedRename_changesNothing() throws Exception {
    writes.opened(handle, "acme-ai/inbox/a.part");
    writes.renameStarted("acme-ai/inbox/a.part", "acme-ai/inbox/a.bin");
    writes.renameEnded("acme-ai/inbox/a.part", "acme-ai/inbox/a.bin", false);
    assertTrue(writes.isBeingWritten("acme-ai/inbox/a.part"));
    assertFalse(writes.isBeingWritten("acme-ai/inbox/a.bin"));
  }

  @Test
  void uploadsOpenOrCutOff_areStillIncompleteAfterARestart(@TempDir Path dir) throws Exception {
    Path state = dir.resolve("state");
    OpenWrites before = new OpenWrites(state);
    Object open = new Object();
    before.opened(open, "acme-ai/inbox/killed-mid-upload.bin"); // the exchange dies meanwhile
    Object cut = new Object();
    before.opened(cut, "acme-ai/inbox/cut-off.bin");
    before.closed(cut, false);
    Object done = new Object();
    before.opened(done, "acme-ai/inbox/done.bin");
    before.closed(done, true);

    OpenWrites after = new OpenWrites(state);
    assertTrue(after.isBeingWritten("acme-ai/inbox/killed-mid-upload.bin"));
    assertTrue(after.isBeingWritten("acme-ai/inbox/cut-off.bin"));
    assertFalse(after.isBeingWritten("acme-ai/inbox/done.bin"));

    after.removed("acme-ai/inbox/cut-off.bin");
    Object redo = new Object();
    after.opened(redo, "acme-ai/inbox/killed-mid-upload.bin");
    after.closed(redo, true);
    OpenWrites later = new OpenWrites(state);
    assertFalse(later.isBeingWritten("acme-ai/inbox"), "redone and removed: nothing pending");
  }

  @Test
  void incompleteUpload_clearsWhenRedoneOrRemoved() throws Exception {
    writes.opened(handle, "acme-ai/inbox/a.bin");
    assertEquals(new OpenWrites.Closed("acme-ai/inbox/a.bin", false), writes.closed(handle, false));
    assertTrue(writes.isBeingWritten("acme-ai/inbox/a.bin"));

    Object again = new Object();
    writes.opened(again, "acme-ai/inbox/a.bin");
    writes.closed(again, true);
    assertFalse(writes.isBeingWritten("acme-ai/inbox/a.bin"));

    Object third = new Object();
    writes.opened(third, "acme-ai/inbox/dir/c.bin");
    writes.abandoned(third);
    writes.closed(third, true);
    assertTrue(writes.isBeingWritten("acme-ai/inbox/dir/c.bin"));
    writes.removed("acme-ai/inbox/dir");
    assertFalse(writes.isBeingWritten("acme-ai/inbox/dir/c.bin"));
  }

  @Test
  void completeUploadRenamedOverACutOffOne_isComplete() throws Exception {
    writes.opened(handle, "acme-ai/inbox/model.bin");
    writes.closed(handle, false);
    Object retry = new Object();
    writes.opened(retry, "acme-ai/inbox/model.bin.filepart");
    writes.closed(retry, true);

    writes.renameStarted("acme-ai/inbox/model.bin.filepart", "acme-ai/inbox/model.bin");
    writes.renameEnded("acme-ai/inbox/model.bin.filepart", "acme-ai/inbox/model.bin", true);

    assertFalse(writes.isBeingWritten("acme-ai/inbox/model.bin"));
  }
}
