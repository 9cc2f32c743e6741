package org.prex.audit;

import java.nio.file.Path;

/** There is no audit log in the data folder given: wrong {@code --data}, or serve never ran. */
public final class NoAuditLogException extends AuditLogException {
  public NoAuditLogException(Path location) {
    this(String.valueOf(location));
  }

  public NoAuditLogException(String where) {
    super(
        where,
        "no audit log here (check --data or --db; prex serve creates the log when it first"
            + " starts)",
        null);
  }
}
