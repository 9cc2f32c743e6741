package org.prex.audit;

import java.nio.file.Path;

/** A second process that reads the log read-only, as {@code prex audit list} does. */
public final class ReadingChild {
  private ReadingChild() {}

  public static void main(String[] args) {
    try (AuditLog log = AuditLog.openReadOnly(Path.of(args[0]))) {
      System.out.println("events " + log.list(AuditQuery.all()).size());
    }
  }
}
