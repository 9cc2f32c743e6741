package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.prex.item.Hold;
import org.prex.submission.SubmissionHeld;
import org.prex.submission.SubmissionRejected;

/**
 * The held and fail-closed paths quarantine with the spill's own reason, or with the failure named
 * by its type only (a library's message may quote a lab's file name).
 */
class QuarantineStepTest {

  @Test
  void aSpill_holdsWithTheSpillsReason() {
    Hold spill = new Hold(Hold.Kind.SPILL, "item i-x: spill: classified marking SECRET");
    assertEquals(spill, QuarantineStep.hold(new SubmissionHeld(spill)));
  }

  @Test
  void anUnexpectedFailure_failsClosed_namedByItsTypeOnly() {
    Hold h = QuarantineStep.hold(new IllegalStateException("/lab/secret-name.bin"));
    assertEquals(Hold.Kind.FAILED, h.kind());
    assertEquals("failed while handling: java.lang.IllegalStateException", h.reason());
  }

  @Test
  void aRejectionThatFailedClosed_keepsItsOwnWords() {
    Hold h = QuarantineStep.hold(new SubmissionRejected("the file is empty"));
    assertEquals(new Hold(Hold.Kind.FAILED, "the file is empty"), h);
  }

  @Test
  void noFailureAtAll_isSaidSo() {
    assertEquals("unknown failure", QuarantineStep.hold(null).reason());
  }
}
