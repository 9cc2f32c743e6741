package org.prex.audit;

import java.nio.file.Path;

/**
 * A process to kill: {@code DATA} appends events until it is killed, printing "SEQ LEAFHASH" once
 * {@link AuditLog#append} returned each, and a checkpoint every 100 events.
 */
public final class KilledAppender {
  private KilledAppender() {}

  public static void main(String[] args) {
    AuditLog log = AuditLog.open(Path.of(args[0]));
    for (long i = 1; ; i++) {
      AuditEvent e = log.append(AuditFixtures.delivered(i).reason("delivered \"itm-" + i + "\"\n"));
      System.out.println(e.seq() + " " + e.leafHash());
      System.out.flush();
      if (i % 100 == 0) {
        log.checkpoint(AuditFixtures::fakeSign);
      }
    }
  }
}
