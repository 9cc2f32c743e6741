package org.prex.audit;

import java.nio.file.Path;

/**
 * A second process on the log: {@code DATA COUNT LAB [hang]} appends COUNT events for LAB, prints
 * "appended SEQ" after each, and with "hang" then waits to be killed without closing the log.
 */
public final class AppendingChild {
  private AppendingChild() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    String lab = args[2];
    boolean hang = args.length > 3 && args[3].equals("hang");
    AuditLog log = AuditLog.open(data);
    System.out.println("ready");
    System.out.flush();
    for (int i = 0; i < count; i++) {
      AuditEvent e = log.append(EventDraft.of(EventType.RECEIVED).lab(lab).item(lab + "-" + i));
      System.out.println("appended " + e.seq());
      System.out.flush();
    }
    if (hang) {
      Thread.sleep(Long.MAX_VALUE);
    }
    log.close();
  }
}
