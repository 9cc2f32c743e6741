package org.prex.pipeline;

import org.apache.camel.Body;
import org.prex.designator.Designator;
import org.prex.item.Item;
import org.prex.route.Router;
import org.prex.submission.Submission;
import org.prex.submission.SubmissionHeld;
import org.prex.transfer.Presealer;

/**
 * The designate step (docs/pipeline.md): every item inspected and given its effective designation;
 * a spill in any item throws {@link SubmissionHeld}, which the route file sends down the held path.
 * With a presealer, a large item is meanwhile sealed to the agencies its designation before
 * inspection would reach; the seal step decides what of that is used.
 */
public record DesignateStep(Designator designator, Presealer presealer, Router router) {

  public DesignateStep(Designator designator) {
    this(designator, null, null);
  }

  public Submission designate(@Body Submission submission) {
    if (presealer == null) {
      return designator.designate(submission);
    }
    Submission designated;
    try {
      presealer.start(
          submission, item -> router.agenciesFor(submission, designator.beforeInspection(item)));
      designated = designator.designate(submission);
    } catch (RuntimeException e) {
      presealer.discard(submission); // held (a spill) or failed: nothing of it is sealed
      throw e;
    }
    designated.items().stream().filter(Item::isHeld).forEach(i -> presealer.discard(i.id()));
    return designated;
  }
}
