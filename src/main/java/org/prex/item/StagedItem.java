package org.prex.item;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.prex.designate.Designation;

/**
 * An uploaded file in prex's custody: its plaintext is in staging under {@code itemId}.
 *
 * @param path the file's path as the lab named it, relative to its inbox or submission folder
 *     (confidential: never in a path or a log line)
 * @param sha256 hex SHA-256 of the plaintext as staged
 * @param receivedAt ISO-8601 instant the upload was taken
 * @param uploadKey identifies the upload it came from (lab, path, size, modification time and
 *     content hash, hashed): an upload taken again after a stop is recognised by it
 * @param declared the designation the lab's manifest gives it (its own, else the submission's), or
 *     null for the policy default
 * @param line the line of its entry in {@code submission.yaml}, 0 when it has none
 * @param listed false for a file found in a submission folder but not listed in its manifest: it is
 *     quarantined, never delivered
 */
public record StagedItem(
    String itemId,
    String submissionId,
    String lab,
    String path,
    long size,
    String sha256,
    String receivedAt,
    String uploadKey,
    String declared,
    int line,
    boolean listed) {

  /** The key of an upload: nothing of it readable, the same for the same upload. */
  public static String uploadKey(String lab, String path, long size, long modified, String sha256) {
    var digest = Sha256.newDigest();
    digest.update(
        String.join("\n", lab, path, Long.toString(size), Long.toString(modified), sha256)
            .getBytes(StandardCharsets.UTF_8));
    return Sha256.hex(digest);
  }

  /** A loose file: listed by being uploaded, with the policy's default designation. */
  public static StagedItem loose(
      String itemId,
      String submissionId,
      String lab,
      String path,
      long size,
      String sha256,
      String receivedAt,
      String uploadKey) {
    return new StagedItem(
        itemId, submissionId, lab, path, size, sha256, receivedAt, uploadKey, null, 0, true);
  }

  /** When the upload was taken: kept as text on disk, read as an instant here only. */
  public Instant received() {
    return Instant.parse(receivedAt);
  }

  /** The designation the lab declared for it, or empty for the policy default. */
  public Optional<Designation> declaredDesignation() {
    return declared == null ? Optional.empty() : Optional.of(Designation.parse(declared));
  }

  public StagedItem {
    if (!Ids.isId(itemId) || !Ids.isId(submissionId)) {
      throw new IllegalArgumentException("staged item needs item and submission ids made by Ids");
    }
  }
}
