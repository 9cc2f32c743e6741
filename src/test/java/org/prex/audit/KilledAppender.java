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
      AuditEvent e =
          log.append(
              EventDraft.of(EventType.DELIVERED)
                  .lab("acme-ai")
                  .submission("sub-" + (i / 50))
                  .item("itm-" + i)
                  .agency("caisi")
                  .reason("delivered \"itm-" + i + "\"\n"));
      System.out.println(e.seq() + " " + e.leafHash());
      System.out.flush();
      if (i % 100 == 0) {
        log.checkpoint(JournalTest::fakeSign);
      }
    }
  }
}
