package org.prex.submission;

import java.util.Objects;
import org.prex.designate.Designation;

/**
 * One file listed in a {@code submission.yaml}.
 *
 * @param path relative to the submission folder, '/'-separated, checked not to escape it
 * @param sha256 lower-case hex digest to check the upload against, null when not given
 * @param designation as declared for this item, null meaning the submission's default
 * @param line 1-based line of this item's entry in the manifest
 * @param decontrolOnRelease PUBLIC from the submission's release date on (docs/review-cycle.md)
 */
public record ManifestItem(
    String path, String sha256, Designation designation, int line, boolean decontrolOnRelease) {

  public ManifestItem(String path, String sha256, Designation designation, int line) {
    this(path, sha256, designation, line, false);
  }

  public ManifestItem {
    Objects.requireNonNull(path, "path");
    if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
    }
  }
}
