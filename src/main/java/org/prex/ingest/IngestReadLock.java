package org.prex.ingest;

import java.time.Duration;
import java.util.function.Predicate;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.remote.strategy.SftpChangedExclusiveReadLockStrategy;

/**
 * When the loose-file consumer may take a file: once its upload is over (docs/threat-model.md).
 *
 * <ul>
 *   <li>The embedded drop box knows which uploads are open, and counts one closed less than a
 *       second ago (by its own monotonic clock, not the file's time, which a client can set) as
 *       still open, so that a client that closes and reopens to resume is not cut short: a file is
 *       taken when the drop box says nothing is being written into it. The answer costs no round
 *       trip to the server; a file not yet whole is left for the next poll, not waited for.
 *   <li>An external server says nothing of open uploads: Camel's own "changed" read lock looks at
 *       the file again until its size and time have stood still for {@link #MIN_AGE}, giving up on
 *       it for this poll after {@link #TIMEOUT}.
 * </ul>
 */
public final class IngestReadLock implements GenericFileExclusiveReadLockStrategy<Object> {
  /** How long a file must have stood unchanged before it is taken. */
  public static final Duration MIN_AGE = Duration.ofSeconds(1);

  /** How long an external server's file is watched in one poll before it is left for the next. */
  public static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final Predicate<String> beingWritten;
  private final SftpChangedExclusiveReadLockStrategy changed;

  private IngestReadLock(Predicate<String> beingWritten) {
    this.beingWritten = beingWritten;
    if (beingWritten == null) {
      changed = new SftpChangedExclusiveReadLockStrategy();
      changed.setCheckInterval(1000);
      changed.setMinAge(MIN_AGE.toMillis());
      changed.setMinLength(0);
      changed.setTimeout(TIMEOUT.toMillis());
      changed.setFastExistsCheck(true);
      changed.setReadLockLoggingLevel(LoggingLevel.OFF);
    } else {
      changed = null;
    }
  }

  /**
   * For the embedded drop box.
   *
   * @param beingWritten tells, for a path relative to the drop box root, whether an upload into it
   *     is open or closed less than a second ago
   */
  public static IngestReadLock dropBox(Predicate<String> beingWritten) {
    return new IngestReadLock(java.util.Objects.requireNonNull(beingWritten));
  }

  /** For an external SFTP server. */
  public static IngestReadLock external() {
    return new IngestReadLock(null);
  }

  /** Whether the drop box's own knowledge of open uploads decides (no round trip). */
  public boolean knowsOpenUploads() {
    return changed == null;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public boolean acquireExclusiveReadLock(
      GenericFileOperations<Object> operations, GenericFile<Object> file, Exchange exchange)
      throws Exception {
    if (changed != null) {
      return changed.acquireExclusiveReadLock(
          (GenericFileOperations) operations, (GenericFile) file, exchange);
    }
    return !beingWritten.test(file.getRelativeFilePath().replace('\\', '/'));
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void prepareOnStartup(
      GenericFileOperations<Object> operations, GenericFileEndpoint<Object> endpoint)
      throws Exception {
    if (changed != null) {
      changed.prepareOnStartup((GenericFileOperations) operations, (GenericFileEndpoint) endpoint);
    }
  }

  @Override
  public void releaseExclusiveReadLockOnAbort(
      GenericFileOperations<Object> operations, GenericFile<Object> file, Exchange exchange) {
    // nothing is held
  }

  @Override
  public void releaseExclusiveReadLockOnRollback(
      GenericFileOperations<Object> operations, GenericFile<Object> file, Exchange exchange) {
    // nothing is held
  }

  @Override
  public void releaseExclusiveReadLockOnCommit(
      GenericFileOperations<Object> operations, GenericFile<Object> file, Exchange exchange) {
    // nothing is held
  }

  // Camel may pass the endpoint's read-lock options here; prex's are the constants above.

  @Override
  public void setTimeout(long timeout) {}

  @Override
  public void setCheckInterval(long checkInterval) {}

  @Override
  public void setReadLockLoggingLevel(LoggingLevel level) {}

  @Override
  public void setMarkerFiler(boolean markerFile) {}

  @Override
  public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {}
}
