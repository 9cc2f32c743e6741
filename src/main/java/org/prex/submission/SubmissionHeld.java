package org.prex.submission;

/**
 * The whole submission must reach no agency (a classified marking in any of its items: a spill):
 * every item is sealed to the security officer's key. Any unexpected failure while handling a
 * submission ends the same way: fail closed. The reason names no file.
 */
public final class SubmissionHeld extends RuntimeException {
  public SubmissionHeld(String reason) {
    super(reason);
  }
}
