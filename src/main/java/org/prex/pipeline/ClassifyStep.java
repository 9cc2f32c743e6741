package org.prex.pipeline;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
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
    Object[] detected;
    try {
      detected = Detections.detectAll(submission.items(), this::detect);
    } catch (InterruptedIOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> byId = new HashMap<>();
    for (int i = 0; i < detected.length; i++) {
      byId.put(submission.items().get(i).id(), detected[i]);
    }
    // logged in item order; the first item whose detection failed fails the step, as if the items
    // had been detected one after the other
    return submission.map(item -> record(item, byId.get(item.id())));
  }

  private Classification detect(Item item) throws IOException {
    return classifier.classify(staging.content(item.id()), item.staged().path());
  }

  private Item record(Item item, Object detected) {
    if (detected instanceof IOException e) {
      throw new UncheckedIOException("cannot read staged item " + item.id(), e);
    }
    if (detected instanceof RuntimeException e) {
      throw e;
    }
    Classification c = (Classification) detected;
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
