package org.prex.audit;

import java.nio.file.Path;

/** The audit log could not be opened, read or written; names where it is. */
public class AuditLogException extends RuntimeException {
  private final Path location;

  public AuditLogException(Path location, String problem, Throwable cause) {
    super("audit log " + location + ": " + problem, cause);
    this.location = location;
  }

  /** The log's folder, {@code <data>/audit}. */
  public Path location() {
    return location;
  }
}
