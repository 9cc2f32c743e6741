package org.prex.outcome;

import java.util.function.Consumer;
import org.prex.staging.Staging;
import org.prex.submission.Submission;

/**
 * The last step for a handled submission (delivered, quarantined or rejected, and answered with a
 * receipt): its plaintext leaves staging, and so does whatever was sealed of it ahead of routing.
 * From here on its items exist only as ciphertext in the agencies' packages or in quarantine.
 */
public final class Completion {
  private final Staging staging;
  private final Consumer<Submission> alsoRemove;

  public Completion(Staging staging) {
    this(staging, s -> {});
  }

  /**
   * @param alsoRemove removes what else staging holds of a submission (its items' preseals)
   */
  public Completion(Staging staging, Consumer<Submission> alsoRemove) {
    this.staging = staging;
    this.alsoRemove = alsoRemove;
  }

  public void complete(Submission submission) {
    try {
      alsoRemove.accept(submission);
    } finally {
      // the plaintext goes whatever removing the rest did
      staging.release(submission.staged());
    }
  }
}
