package org.prex.item;

/**
 * An uploaded file in prex's custody: its plaintext is in staging under {@code itemId}.
 *
 * @param path the file's path as the lab named it, relative to its inbox (confidential: never in a
 *     path or a log line)
 * @param sha256 hex SHA-256 of the plaintext as staged
 * @param receivedAt ISO-8601 instant the upload was taken
 * @param uploadKey identifies the upload it came from (lab, path, size, modification time and
 *     content hash, hashed): an upload taken again after a stop is recognised by it
 */
public record StagedItem(
    String itemId,
    String submissionId,
    String lab,
    String path,
    long size,
    String sha256,
    String receivedAt,
    String uploadKey) {

  /** The key of an upload: nothing of it readable, the same for the same upload. */
  public static String uploadKey(String lab, String path, long size, long modified, String sha256) {
    var digest = Sha256.newDigest();
    digest.update(
        String.join("\n", lab, path, Long.toString(size), Long.toString(modified), sha256)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return Sha256.hex(digest);
  }

  public StagedItem {
    if (!Ids.isId(itemId) || !Ids.isId(submissionId)) {
      throw new IllegalArgumentException("staged item needs item and submission ids made by Ids");
    }
  }
}
