package org.prex.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.camel.Body;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.classify.Classification;
import org.prex.classify.Classifier;
import org.prex.item.Item;
import org.prex.staging.Staging;
import org.prex.submission.Submission;

/**
 * The classify step (docs/pipeline.md): detects each staged item's true type from its content and
 * logs CLASSIFIED, noting an extension that suggests something else.
 */
public record ClassifyStep(Classifier classifier, Staging staging, AuditLog log) {

  public Submission classify(@Body Submission submission) {
    return submission.map(this::classify);
  }

  private Item classify(Item item) {
    Classification c;
    try {
      c = classifier.classify(staging.content(item.id()), item.staged().path());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read staged item " + item.id(), e);
    }
    String reason = "type " + c.mediaType() + ", kind " + c.kind();
    if (c.nameContradictsContent()) {
      reason += "; the file's extension suggests " + c.nameSuggests() + ", its content does not";
    }
    log.append(
        EventDraft.of(EventType.CLASSIFIED)
            .lab(item.staged().lab())
            .submission(item.staged().submissionId())
            .item(item.id())
            .sha256Plain(item.staged().sha256())
            .reason(reason));
    return item.withClassification(c);
  }
}
