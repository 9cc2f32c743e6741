package org.prex.audit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;

/**
 * A read-only process that keeps the log open, as a slow {@code prex audit list} would: prints
 * "ready", then lists and prints the count for each line on stdin, and exits at end of input.
 */
public final class HoldingReader {
  private HoldingReader() {}

  public static void main(String[] args) throws Exception {
    try (AuditLog log = AuditLog.openReadOnly(Path.of(args[0]));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in))) {
      System.out.println("ready");
      System.out.flush();
      while (in.readLine() != null) {
        System.out.println("events " + log.list(AuditQuery.all()).size());
        System.out.flush();
      }
    }
  }
}
