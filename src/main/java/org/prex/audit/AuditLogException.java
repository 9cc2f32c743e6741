package org.prex.audit;

import java.nio.file.Path;

/** The audit log could not be opened, read or written; names where it is. */
public class AuditLogException extends RuntimeException {
  private final String where;

  public AuditLogException(Path location, String problem, Throwable cause) {
    this(String.valueOf(location), problem, cause);
  }

  /**
   * @param where the log's folder, {@code <data>/audit}, or its PostgreSQL URL without parameters
   */
  public AuditLogException(String where, String problem, Throwable cause) {
    super("audit log " + where + ": " + problem, cause);
    this.where = where;
  }

  /** Where the log is: its folder, or its database's URL without parameters. */
  public String where() {
    return where;
  }
}
