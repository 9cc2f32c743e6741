package org.prex.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;

/**
 * The embedded drop box's read lock asks the drop box, whatever time the file claims; no round
 * trip.
 */
class IngestReadLockTest {

  private static GenericFile<Object> file(String path, Instant modified) {
    GenericFile<Object> f = new GenericFile<>();
    f.setRelativeFilePath(path);
    f.setLastModified(modified.toEpochMilli());
    return f;
  }

  @Test
  void aFileTheDropBoxCountsAsBeingWritten_isNotTaken_howeverOldItsTime() throws Exception {
    IngestReadLock lock = IngestReadLock.dropBox(Set.of("acme-ai/inbox/card.md")::contains);
    assertTrue(lock.knowsOpenUploads());
    assertFalse(
        lock.acquireExclusiveReadLock(
            null, file("acme-ai/inbox/card.md", Instant.parse("2020-01-01T00:00:00Z")), null));
    assertTrue(
        lock.acquireExclusiveReadLock(null, file("acme-ai/inbox/other.md", Instant.now()), null),
        "the file's own time does not matter: the drop box's clock does");
  }

  @Test
  void anExternalServer_isWatchedByCamelsChangedReadLock() {
    assertFalse(IngestReadLock.external().knowsOpenUploads());
  }
}
