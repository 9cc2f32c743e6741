package org.prex.submission;

/**
 * The submission cannot be accepted as uploaded (its manifest is malformed, a listed file never
 * arrived or does not match, a file is empty): none of it is handled, and the lab gets a receipt
 * saying why. The reason may name manifest lines, never a file name (it goes into the log).
 */
public final class SubmissionRejected extends RuntimeException {
  public SubmissionRejected(String reason) {
    super(reason);
  }
}
