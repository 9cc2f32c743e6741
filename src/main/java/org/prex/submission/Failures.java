package org.prex.submission;

/**
 * Turns the failure an exchange carries into a reason fit for the log: prex's own typed failures
 * say what went wrong in words that name no file; anything else is named by its type only, since a
 * library's message may quote a lab's file name or path.
 */
public final class Failures {
  private Failures() {}

  public static String reason(Throwable t) {
    if (t == null) {
      return "unknown failure";
    }
    if (t instanceof SubmissionRejected || t instanceof SubmissionHeld) {
      return t.getMessage();
    }
    return "failed while handling: " + t.getClass().getName();
  }
}
