package org.prex.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.item.Ids;
import org.prex.item.StagedItem;
import org.prex.staging.Staging;
import org.prex.submission.StagedSubmission;
import org.prex.submission.Submission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a loose file into prex's custody: the SFTP consumer streams the upload (never whole in
 * memory), {@link Custody} copies it into the item's own folder in staging while hashing it, and
 * the stager logs RECEIVED and STAGED. Only after this returns does the ingest route let the drop
 * box copy be removed.
 */
public final class Stager {
  private final Staging staging;
  private static final Logger LOG = LoggerFactory.getLogger(Stager.class);
  private final AuditLog log;
  private final DropBoxFiles inPlace;

  /** A stager that copies what the SFTP consumer streams (an external drop box). */
  public Stager(Staging staging, AuditLog log) {
    this(staging, log, null);
  }

  /**
   * A stager that reads the embedded drop box's file in place when {@code inPlace} is given: the
   * consumer then does not download it (its body is null, or a stream left unread).
   */
  public Stager(Staging staging, AuditLog log, DropBoxFiles inPlace) {
    this.staging = staging;
    this.log = log;
    this.inPlace = inPlace;
  }

  /**
   * Takes a loose file the folder intake found (one the SFTP consumer skips: docs/threat-model.md),
   * read in place as the consumer's are, or through {@code box} from an external drop box.
   */
  public Submission take(DropBoxClient box, DropBoxClient.Entry file) throws IOException {
    if (inPlace != null) {
      return stage(null, file.path(), file.size(), file.modifiedMillis());
    }
    try (InputStream in = box.open(file.path())) {
      return stage(in, file.path(), file.size(), file.modifiedMillis());
    }
  }

  /**
   * Returns the loose file now in custody as a submission of one item; refused (to be answered with
   * a receipt, not handled) when the same upload was taken before.
   *
   * @param upload the upload's content as the SFTP consumer streams it from the drop box; null when
   *     the embedded drop box's file is read in place (the consumer does not download it)
   * @param name the file's path relative to the drop box root: {@code <lab>/inbox/<file>}
   * @param length the size the drop box reported, or null when unknown
   */
  public Submission stage(
      @Body InputStream upload,
      @Header("CamelFileName") String name,
      @Header("CamelFileLength") Long length,
      @Header("CamelFileLastModified") Long modified)
      throws IOException {
    DropBoxPath where = DropBoxPath.parse(name);
    String itemId = Ids.item();
    String submissionId = Ids.submission();
    Custody.Taken taken;
    if (inPlace == null && upload == null) {
      throw new IOException("the intake handed over no content for an upload of " + where.lab());
    }
    if (inPlace == null) {
      taken = Custody.take(staging, itemId, upload, length, "upload " + itemId);
    } else {
      Object before = inPlace.identity(name);
      try (InputStream local = inPlace.open(name)) {
        taken = Custody.take(staging, itemId, local, length, "upload " + itemId);
        // still open, so its inode is not yet free for another file to get; a name renamed away
        // (no identity at all) fails the take as a replaced one does, and nothing stays staged
        Object after;
        try {
          after = inPlace.identity(name);
        } catch (IOException | RuntimeException e) {
          staging.releaseItem(itemId);
          throw e;
        }
        if (!before.equals(after)) {
          staging.releaseItem(itemId);
          throw new IOException(
              "upload "
                  + itemId
                  + " was replaced while it was being taken: the new one stays in the drop box"
                  + " and is taken on its own");
        }
      }
    }
    long copied = taken.size();
    String sha = taken.sha256();
    String uploadKey =
        StagedItem.uploadKey(
            where.lab(), where.path(), copied, modified == null ? 0 : modified, sha);
    // The same upload taken before: a stop came before its drop box copy was removed, or the lab
    // sent the identical file again (same name, size, time and content). Either way it is not
    // handled twice, and the lab gets a receipt that says so.
    String rejection;
    try {
      rejection =
          staging
              .takenAs(uploadKey)
              .map(
                  earlier ->
                      "identical to an upload already taken as submission "
                          + earlier
                          + " (same name, size, time and content): not handled again")
              .orElse(null);
    } catch (IOException | RuntimeException e) {
      staging.releaseItem(itemId);
      throw e;
    }
    if (rejection != null) {
      LOG.info("an upload of lab {} was taken before: {}", where.lab(), rejection);
    }
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
