package org.prex.remote;

import com.jcraft.jsch.Session;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends an SSH session that makes no progress for too long (docs/delivery.md). A socket timeout
 * alone does not do it: a server that answers SSH keep-alives but never an SFTP request, or one
 * that trickles a byte at a time, would hold the caller forever. Every step of the caller marks
 * progress; when none comes within the limit, the session is disconnected, which fails the
 * blocked call at once.
 */
public final class StallWatch implements AutoCloseable {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "prex-stall-watch");
            t.setDaemon(true);
            return t;
          });

  private final Session session;
  private volatile long limitNanos;
  private volatile long last;
  private volatile boolean stalled;
  private final ScheduledFuture<?> check;

  /** Watches {@code session} from now, with {@code limit} for the first step. */
  public StallWatch(Session session, Duration limit) {
    this.session = session;
    this.limitNanos = limit.toNanos();
    this.last = System.nanoTime();
    long period = Math.max(50, Math.min(1000, limit.toMillis() / 4));
    this.check = TIMER.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  /** Progress: the limit starts again from now. */
  public void progress() {
    last = System.nanoTime();
  }

  /** Progress, and from now on {@code limit} between steps. */
  public void progress(Duration limit) {
    limitNanos = limit.toNanos();
    last = System.nanoTime();
  }

  /** Whether the session was cut off for making no progress. */
  public boolean stalled() {
    return stalled;
  }

  /** Cuts the session off now (a stop). */
  public void abort() {
    session.disconnect();
  }

  private void check() {
    if (System.nanoTime() - last > limitNanos) {
      stalled = true;
      check.cancel(false);
      session.disconnect();
    }
  }

  @Override
  public void close() {
    check.cancel(false);
  }
}
