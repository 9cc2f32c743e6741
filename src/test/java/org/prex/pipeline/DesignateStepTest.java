package org.prex.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.classify.Classifier;
import org.prex.config.Policy;
import org.prex.designator.Designator;
import org.prex.inspect.Inspector;
import org.prex.item.Hold;
import org.prex.staging.Staging;
import org.prex.submission.Submission;
import org.prex.submission.SubmissionHeld;
import org.prex.testing.Inspectors;
import org.prex.testing.Policies;

/**
 * Designation reads each item's markings: a classified marking in any item holds the whole
 * submission as a SPILL, with the reason the receipt and quarantine note print; a CUI marking
 * raises the item's designation.
 */
class DesignateStepTest {
  private static Policy policy() throws Exception {
    return Policies.parse(
        "version: 1", "agencies:", "  caisi: { country: USA, deliver: 'file:outbox/caisi' }");
  }

  @Test
  void aSpillInOneItem_holdsTheSubmission_andAMarkingRaisesAnother(@TempDir Path root)
      throws Exception {
    Policy policy = policy();
    Staging staging = new Staging(root.resolve("staging"));
    try (AuditLog log = AuditLog.open(root.resolve("data"));
        Inspector inspector = Inspectors.small(root, policy)) {
      DesignateStep step = new DesignateStep(new Designator(policy, log, staging, inspector));
      ClassifyStep classify = new ClassifyStep(new Classifier(), staging, log);

      Submission marked =
          classify.classify(
              Staged.folder(staging, null, List.of("CUI//SP-PROPIN//NOFORN\n\nA model card.\n")));
      assertEquals(
          "CUI//SP-PROPIN//NOFORN", step.designate(marked).items().get(0).designation().toString());

      Submission spill =
          classify.classify(
              Staged.folder(
                  staging, null, List.of("# card\n", "SECRET//NOFORN\n\nWeights notes.\n")));
      SubmissionHeld held = assertThrows(SubmissionHeld.class, () -> step.designate(spill));
      assertEquals(Hold.Kind.SPILL, held.hold().kind());
      String reason = held.hold().reason();
      assertTrue(
          reason.startsWith(
              "item " + spill.items().get(1).id() + ": spill: classified marking SECRET//NOFORN"),
          reason);
      assertEquals(reason, held.getMessage());
    }
  }
}
