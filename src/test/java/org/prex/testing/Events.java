package org.prex.testing;

import java.util.List;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.config.Deployment;

/** The transfer log of a deployment, read while serve runs (empty while it cannot be opened). */
public final class Events {
  private Events() {}

  public static List<AuditEvent> of(Deployment d) {
    try (AuditLog log = AuditLog.openReadOnly(d.data())) {
      return log.list(AuditQuery.all());
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /** The same, of a log kept elsewhere (PostgreSQL). */
  public static List<AuditEvent> of(org.prex.audit.LogDatabase db) {
    try (AuditLog log = AuditLog.openReadOnly(db)) {
      return log.list(AuditQuery.all());
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  public static long count(org.prex.audit.LogDatabase db, EventType type) {
    return of(db).stream().filter(e -> e.type() == type).count();
  }

  public static long count(Deployment d, EventType type) {
    return of(d).stream().filter(e -> e.type() == type).count();
  }

  /** The first event of a type; fails if there is none. */
  public static AuditEvent first(Deployment d, EventType type) {
    return of(d).stream().filter(e -> e.type() == type).findFirst().orElseThrow();
  }

  /** Events of a type about one agency (null: about any). */
  public static long count(Deployment d, EventType type, String agency) {
    return of(d).stream()
        .filter(e -> e.type() == type)
        .filter(e -> agency == null || agency.equals(e.agency()))
        .count();
  }
}
