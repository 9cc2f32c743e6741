package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.outcome.Completion;
import org.prex.staging.Staging;
import org.prex.submission.Submission;

/** Completing a submission takes its plaintext out of staging and remembers its upload. */
class CompleteStepTest {

  @Test
  void thePlaintextLeavesStaging(@TempDir Path root) throws Exception {
    Staging staging = new Staging(root.resolve("staging"));
    Submission s = Staged.folder(staging, null, List.of("a", "b"));
    new CompleteStep(new Completion(staging)).complete(s);
    assertEquals(List.of(), staging.pending());
    for (var item : s.items()) {
      assertFalse(Files.exists(staging.itemDir(item.id())), item.id());
    }
    assertEquals(Optional.of(s.id()), staging.handledAs(s.staged().uploadKey()));
  }
}
