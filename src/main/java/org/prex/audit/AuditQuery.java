package org.prex.audit;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which events to list; a null field, or an empty set of types, does not filter. Filters combine
 * with AND.
 *
 * @param lab only events of this lab
 * @param agency only events naming this agency
 * @param submission only events of this submission
 * @param since only events recorded at or after this instant
 * @param types only events of one of these types
 * @param until only events recorded before this instant
 */
public record AuditQuery(
    String lab,
    String agency,
    String submission,
    Instant since,
    Set<EventType> types,
    Instant until) {

  public AuditQuery {
    lab = Fields.id("lab filter", lab);
    agency = Fields.id("agency filter", agency);
    submission = Fields.id("submission filter", submission);
    types = types == null || types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
  }

  /** By lab, agency, submission and start time, of every type and up to now. */
  public AuditQuery(String lab, String agency, String submission, Instant since) {
    this(lab, agency, submission, since, Set.of(), null);
  }

  /** Every event. */
  public static AuditQuery all() {
    return new AuditQuery(null, null, null, null);
  }
}
