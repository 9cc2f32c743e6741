package org.prex.bench;

import java.nio.file.Path;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditFixtures;
import org.prex.audit.AuditLog;

/**
 * Not a test: {@code append DATA} appends events until killed, printing each sequence number once
 * {@link AuditLog#append} returned; {@code check DATA} prints the size of the log and whether it
 * verifies, as H2 holds it (read-only) and after opening it for writing replayed the journal.
 * {@code bench/log-kill.sh} kills the first with SIGKILL and compares.
 */
public final class LogKill {
  private LogKill() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[1]);
    if (args[0].equals("check")) {
      try (AuditLog log = AuditLog.openReadOnly(data)) {
        System.out.println(
            "H2 holds "
                + log.size()
                + (log.verify().intact() ? " intact" : " NOT intact")
                + " (read-only, no replay)");
      }
      try (AuditLog log = AuditLog.open(data)) {
        System.out.println(
            "after the journal's replay: "
                + log.size()
                + (log.verify().intact() ? " intact" : " NOT intact"));
      }
      return;
    }
    AuditLog log = AuditLog.open(data);
    for (long i = 1; ; i++) {
      AuditEvent e = log.append(AuditFixtures.delivered(i).transfer("trn-" + (i / 50)));
      System.out.println(e.seq());
      System.out.flush();
    }
  }
}
