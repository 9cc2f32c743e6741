package org.prex.submission;

import java.util.List;
import java.util.Objects;
import org.prex.designate.Designation;

/**
 * An agency's {@code findings.yaml} (docs/formats.md), validated by {@link FindingsParser}: the
 * findings folder it heads goes back to the lab whose submission it answers.
 *
 * @param submission the id of the submission the findings are about
 * @param designation the default for the items, null when absent (then the policy default applies)
 * @param shareWith other agencies to send the findings to, as the routing rules allow; empty when
 *     absent
 * @param items the files of the findings, at least one
 */
public record FindingsManifest(
    String submission, Designation designation, List<String> shareWith, List<ManifestItem> items) {

  public FindingsManifest {
    Objects.requireNonNull(submission, "submission");
    shareWith = List.copyOf(shareWith);
    items = List.copyOf(items);
  }
}
