package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.staging.Staging;
import org.prex.submission.Admission;
import org.prex.submission.Submission;
import org.prex.submission.SubmissionRejected;

/**
 * The admit step lets a sound submission through and turns a refused one onto the rejected path.
 */
class AdmitStepTest {
  private final AdmitStep step = new AdmitStep(new Admission());

  @Test
  void aSoundSubmission_goesOnUnchanged(@TempDir Path root) throws Exception {
    Submission s = Staged.looseFile(new Staging(root), "# card\n");
    assertSame(s, step.admit(s));
  }

  @Test
  void aSubmissionRefusedWhenTaken_isRejectedWithItsReason(@TempDir Path root) throws Exception {
    Submission s =
        Staged.folder(new Staging(root), "release-date on line 2 is in the past", List.of("x"));
    SubmissionRejected e = assertThrows(SubmissionRejected.class, () -> step.admit(s));
    assertEquals("release-date on line 2 is in the past", e.getMessage());
  }

  @Test
  void anEmptyListedFile_isRejected_namingItsLine(@TempDir Path root) throws Exception {
    Submission s = Staged.folder(new Staging(root), null, List.of("x", ""));
    SubmissionRejected e = assertThrows(SubmissionRejected.class, () -> step.admit(s));
    assertEquals(
        "the file listed on line 5 of submission.yaml is empty (0 bytes): nothing to share",
        e.getMessage());
  }
}
