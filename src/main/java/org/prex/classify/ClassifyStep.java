package org.prex.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.item.Item;
import org.prex.staging.Staging;
import org.prex.submission.Submission;

/** The pipeline's classify step: detects each staged item's true type and logs CLASSIFIED. */
public final class ClassifyStep {
  private final Classifier classifier;
  private final Staging staging;
  private final AuditLog log;

  public ClassifyStep(Classifier classifier, Staging staging, AuditLog log) {
    this.classifier = classifier;
    this.staging = staging;
    this.log = log;
  }

  public Submission classify(Submission submission) {
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
