package org.prex.staging;

/**
 * How often handling a staged submission failed without finishing it, and why the last time: kept
 * beside the submission in staging ({@code attempts.json}, owner-only) so that it outlives a
 * restart, and removed with the submission when it is released. A submission that keeps failing is
 * given up after a few attempts (docs/outcomes.md) rather than retried forever.
 *
 * @param failures attempts that ended in a failure, 0 when none did
 * @param lastReason why the last one failed, fit for the log (a type name or prex's own words,
 *     never a lab's file name), or null when none failed
 */
public record Attempts(int failures, String lastReason) {
  public static final Attempts NONE = new Attempts(0, null);

  public Attempts {
    if (failures < 0) {
      throw new IllegalArgumentException("failures must be 0 or more, not " + failures);
    }
  }
}
