package org.prex.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;

/** The embedded drop box's read lock: no open upload, and a second unchanged; no round trip. */
class IngestReadLockTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static GenericFile<Object> file(String path, Instant modified) {
    GenericFile<Object> f = new GenericFile<>();
    f.setRelativeFilePath(path);
    f.setLastModified(modified.toEpochMilli());
    return f;
  }

  @Test
  void aFileStillBeingWritten_isNotTaken_howeverOld() throws Exception {
    IngestReadLock lock = IngestReadLock.dropBox(Set.of("acme-ai/inbox/card.md")::contains, CLOCK);
    assertFalse(
        lock.acquireExclusiveReadLock(
            null, file("acme-ai/inbox/card.md", NOW.minusSeconds(3600)), null));
  }

  @Test
  void aClosedUpload_isTakenOnceItHasStoodASecond_andLeftForTheNextPollBefore() throws Exception {
    IngestReadLock lock = IngestReadLock.dropBox(p -> false, CLOCK);
    assertTrue(lock.knowsOpenUploads());
    assertTrue(
        lock.acquireExclusiveReadLock(null, file("acme-ai/inbox/a.md", NOW.minusSeconds(1)), null));
    assertFalse(
        lock.acquireExclusiveReadLock(
            null, file("acme-ai/inbox/b.md", NOW.minusMillis(999)), null));
  }

  @Test
  void anExternalServer_isWatchedByCamelsChangedReadLock() {
    assertFalse(IngestReadLock.external().knowsOpenUploads());
  }
}
