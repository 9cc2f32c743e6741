package org.prex.submission;

import java.util.List;

/**
 * What a lab's {@code submission.yaml} declares for the submission as a whole (docs/formats.md), as
 * staged. Confidential: the reference, model and paths go into agency manifests and the lab's
 * receipt only.
 *
 * @param recipients the agencies the lab shares with, or null for every agency in the policy
 * @param disseminationList the agencies a {@code DL ONLY} item may reach (empty when none)
 * @param manifestSha256 hex SHA-256 of the {@code submission.yaml} as uploaded
 */
public record Declared(
    String reference,
    String modelName,
    String modelVersion,
    String releaseDate,
    List<String> recipients,
    List<String> disseminationList,
    String manifestSha256) {

  public Declared {
    recipients = recipients == null ? null : List.copyOf(recipients);
    disseminationList = disseminationList == null ? List.of() : List.copyOf(disseminationList);
  }
}
