package org.prex.item;

/**
 * An uploaded file in prex's custody: its plaintext is in staging under {@code itemId}.
 *
 * @param path the file's path as the lab named it, relative to its inbox (confidential: never in a
 *     path or a log line)
 * @param sha256 hex SHA-256 of the plaintext as staged
 * @param receivedAt ISO-8601 instant the upload was taken
 */
public record StagedItem(
    String itemId,
    String submissionId,
    String lab,
    String path,
    long size,
    String sha256,
    String receivedAt) {

  public StagedItem {
    if (!Ids.isId(itemId) || !Ids.isId(submissionId)) {
      throw new IllegalArgumentException("staged item needs item and submission ids made by Ids");
    }
  }
}
