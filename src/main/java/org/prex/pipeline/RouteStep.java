package org.prex.pipeline;

import org.apache.camel.Body;
import org.prex.route.Router;
import org.prex.submission.Submission;

/**
 * The route step (docs/pipeline.md): the agencies that may receive each item under the policy in
 * force; an item no agency may receive is held.
 */
public record RouteStep(Router router) {

  public Submission route(@Body Submission submission) {
    return router.route(submission);
  }
}
