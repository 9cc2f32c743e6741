package org.prex.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.item.Ids;
import org.prex.outcome.LastResort;

/**
 * A damaged attempts file never stops the counting: before, a failed attempt at a submission whose
 * {@code attempts.json} could not be read (cut short, not JSON, a count that overflows) could not
 * be counted, so the submission was never given up and failed again at every start, for ever.
 */
class AttemptsCountTest {

  @Test
  void anUnreadableAttemptsFile_isCountedOver_notAnEndlessFailure(@TempDir Path root)
      throws Exception {
    Staging staging = new Staging(root.resolve("staging"));
    String id = committed(staging);
    Files.writeString(staging.submissionDir(id).resolve("attempts.json"), "{\"failures\": 1,");
    int failures = staging.recordFailure(id, "java.lang.IllegalStateException");
    assertEquals(2, failures, "the damaged file stood for at least one failed attempt");
    assertEquals(new Attempts(2, "java.lang.IllegalStateException"), staging.attempts(id));
  }

  @Test
  void aCountAtTheTopOfTheRange_staysExhausted(@TempDir Path root) throws Exception {
    Staging staging = new Staging(root.resolve("staging"));
    String id = committed(staging);
    Files.writeString(
        staging.submissionDir(id).resolve("attempts.json"),
        "{\"failures\": " + Integer.MAX_VALUE + ", \"lastReason\": \"x\"}");
    assertTrue(staging.recordFailure(id, "y") >= LastResort.LIMIT);
  }

  /** A committed submission's folder (only its commit file matters to the count). */
  private static String committed(Staging staging) throws Exception {
    String id = Ids.submission();
    Files.createDirectories(staging.submissionDir(id));
    Files.writeString(staging.submissionDir(id).resolve("submission.json"), "{}");
    return id;
  }
}
