package org.prex.outcome;

import org.prex.staging.Staging;
import org.prex.submission.Submission;

/**
 * The last step for a handled submission (delivered, quarantined or rejected, and answered with a
 * receipt): its plaintext leaves staging. From here on its items exist only as ciphertext in the
 * agencies' packages or in quarantine.
 */
public final class Completion {
  private final Staging staging;

  public Completion(Staging staging) {
    this.staging = staging;
  }

  public void complete(Submission submission) {
    staging.release(submission.staged());
  }
}
