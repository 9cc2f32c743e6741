package org.prex.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Header;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.files.OwnerOnly;
import org.prex.item.Ids;
import org.prex.item.Sha256;
import org.prex.item.StagedItem;
import org.prex.staging.Staging;
import org.prex.submission.StagedSubmission;
import org.prex.submission.Submission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes an upload into prex's custody: the SFTP consumer has streamed it into a work file in
 * staging (never whole in memory); the stager hashes it, moves it into the item's own folder and
 * logs RECEIVED and STAGED. Only after this returns does the ingest route let the drop box copy be
 * removed.
 */
public final class Stager {
  private final Staging staging;
  private static final Logger LOG = LoggerFactory.getLogger(Stager.class);
  private final AuditLog log;

  public Stager(Staging staging, AuditLog log) {
    this.staging = staging;
    this.log = log;
  }

  /**
   * Returns the loose file now in custody as a submission of one item; refused (to be answered with
   * a receipt, not handled) when the same upload was taken before.
   *
   * @param download the local work file the SFTP consumer downloaded the upload into (in staging)
   * @param name the file's path relative to the drop box root: {@code <lab>/inbox/<file>}
   * @param length the size the drop box reported, or null when unknown
   */
  public Submission stage(
      @Header("CamelFileLocalWorkPath") String download,
      @Header("CamelFileName") String name,
      @Header("CamelFileLength") Long length,
      @Header("CamelFileLastModified") Long modified)
      throws IOException {
    DropBoxPath where = DropBoxPath.parse(name);
    String itemId = Ids.item();
    String submissionId = Ids.submission();
    Path local = Path.of(download);
    MessageDigest sha256 = Sha256.newDigest();
    long copied;
    try (InputStream in = new DigestInputStream(Files.newInputStream(local), sha256)) {
      copied = in.transferTo(OutputStream.nullOutputStream());
    }
    if (length != null && length >= 0 && copied != length) {
      throw new IOException(
          "upload "
              + itemId
              + " changed while being taken: drop box said "
              + length
              + " bytes, read "
              + copied
              + "; it stays in the drop box and is taken again");
    }
    String sha = Sha256.hex(sha256);
    String uploadKey =
        StagedItem.uploadKey(
            where.lab(), where.path(), copied, modified == null ? 0 : modified, sha);
    // The same upload taken before: a stop came before its drop box copy was removed, or the lab
    // sent the identical file again (same name, size, time and content). Either way it is not
    // handled twice, and the lab gets a receipt that says so.
    String rejection =
        staging
            .takenAs(uploadKey)
            .map(
                earlier ->
                    "identical to an upload already taken as submission "
                        + earlier
                        + " (same name, size, time and content): not handled again")
            .orElse(null);
    if (rejection != null) {
      LOG.info("an upload of lab {} was taken before: {}", where.lab(), rejection);
    }
    Path dir = staging.itemDir(itemId);
    OwnerOnly.createFolders(dir);
    // downloaded by Camel's sftp consumer with the umask's mode, into staging's 0700 folder
    OwnerOnly.restrict(local);
    Files.move(local, staging.content(itemId), StandardCopyOption.ATOMIC_MOVE);
    String now = Instant.now().toString();
    StagedItem item =
        StagedItem.loose(
            itemId, submissionId, where.lab(), where.path(), copied, sha, now, uploadKey);
    log.append(
        EventDraft.of(EventType.RECEIVED)
            .lab(item.lab())
            .submission(submissionId)
            .item(itemId)
            .reason("loose file of " + copied + " bytes: " + item.path()));
    StagedSubmission submission =
        new StagedSubmission(
            submissionId,
            where.lab(),
            now,
            uploadKey,
            null,
            rejection,
            List.of(),
            List.of(item),
            where.path());
    staging.commit(submission);
    log.append(
        EventDraft.of(EventType.STAGED)
            .lab(item.lab())
            .submission(submissionId)
            .item(itemId)
            .sha256Plain(item.sha256()));
    return Submission.of(submission);
  }
}
