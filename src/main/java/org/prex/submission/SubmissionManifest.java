package org.prex.submission;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.prex.designate.Designation;

/**
 * A lab's {@code submission.yaml} (docs/formats.md), validated by {@link ManifestParser}.
 *
 * @param reference the lab's own reference (confidential: never in paths or logs in clear)
 * @param modelName the model's name, null when the manifest has no {@code model}
 * @param modelVersion the model's version as written, null when absent
 * @param releaseDate the planned public release
 * @param designation the default for the items, null when absent (then the policy default applies)
 * @param recipients the agencies the lab shares with; null when absent, meaning all agencies
 * @param disseminationList the agencies a {@code DL ONLY} designation limits to; empty when absent
 * @param items the files of the submission, at least one
 */
public record SubmissionManifest(
    String reference,
    String modelName,
    String modelVersion,
    LocalDate releaseDate,
    Designation designation,
    List<String> recipients,
    List<String> disseminationList,
    List<ManifestItem> items) {

  public SubmissionManifest {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(releaseDate, "releaseDate");
    recipients = recipients == null ? null : List.copyOf(recipients);
    disseminationList = disseminationList == null ? List.of() : List.copyOf(disseminationList);
    items = List.copyOf(items);
    if (items.isEmpty()) {
      throw new IllegalArgumentException("a submission has at least one item");
    }
  }

  /**
   * The key a submission's reference is found by, for a withdrawal (docs/review-cycle.md): a hash
   * of the lab and the reference, so that the reference itself never goes into the log.
   */
  public static String referenceKey(String lab, String reference) {
    java.security.MessageDigest d = org.prex.item.Sha256.newDigest();
    d.update(
        ("prex-reference\0" + lab + "\0" + reference)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return org.prex.item.Sha256.hex(d);
  }
}
