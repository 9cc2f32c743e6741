package org.prex.audit;

import java.time.Instant;

/**
 * Which events to list; a null field does not filter. Filters combine with AND.
 *
 * @param lab only events of this lab
 * @param agency only events naming this agency
 * @param submission only events of this submission
 * @param since only events recorded at or after this instant
 */
public record AuditQuery(String lab, String agency, String submission, Instant since) {

  public AuditQuery {
    lab = Fields.id("lab filter", lab);
    agency = Fields.id("agency filter", agency);
    submission = Fields.id("submission filter", submission);
  }

  /** Every event. */
  public static AuditQuery all() {
    return new AuditQuery(null, null, null, null);
  }
}
