package org.prex.submission;

import org.prex.item.Item;

/**
 * Rejects, whole, a submission refused when it was taken (malformed manifest, listed file missing
 * or mismatched) or one whose listed file is empty, before any of it is routed. It runs after
 * designation, so that a classified marking in a refused submission is still a spill: held for the
 * security officer, not just discarded.
 */
public final class Admission {

  public Submission admit(Submission submission) {
    if (submission.staged().rejection() != null) {
      throw new SubmissionRejected(submission.staged().rejection());
    }
    for (Item item : submission.items()) {
      if (item.staged().listed() && item.staged().size() == 0) {
        throw new SubmissionRejected(
            (submission.staged().isLooseFile()
                    ? "the file"
                    : "the file listed on line " + item.staged().line() + " of submission.yaml")
                + " is empty (0 bytes): nothing to share");
      }
    }
    return submission;
  }
}
