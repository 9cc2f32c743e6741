package org.prex.ingest;

import java.time.Clock;
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
 *   <li>The embedded drop box knows which uploads are still open, so a file is taken once no upload
 *       into it is open and it has not changed for {@link #MIN_AGE} (a client that closes and
 *       reopens to resume gets that long): the answer costs no round trip to the server. A file
 *       that is too young is left for the next poll rather than waited for.
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
  private final Clock clock;
  private final SftpChangedExclusiveReadLockStrategy changed;

  private IngestReadLock(Predicate<String> beingWritten, Clock clock) {
    this.beingWritten = beingWritten;
    this.clock = clock;
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
   *     is still open
   */
  public static IngestReadLock dropBox(Predicate<String> beingWritten, Clock clock) {
    return new IngestReadLock(java.util.Objects.requireNonNull(beingWritten), clock);
  }

  /** For an external SFTP server. */
  public static IngestReadLock external() {
    return new IngestReadLock(null, Clock.systemUTC());
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
    String relative = file.getRelativeFilePath().replace('\\', '/');
    if (beingWritten.test(relative)) {
      return false;
    }
    long age = clock.millis() - file.getLastModified();
    return age >= MIN_AGE.toMillis();
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
