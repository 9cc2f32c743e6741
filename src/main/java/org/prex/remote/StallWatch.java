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
 * that trickles a byte at a time, would hold the caller forever. The login is the first step; the
 * caller wraps every later remote step in {@link #begin}/{@link #end} and marks progress within
 * long ones (bytes moved). When a step is under way and nothing has progressed within the limit,
 * the session is disconnected, which fails the blocked call at once. An idle session is left alone.
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
  private final java.util.concurrent.atomic.AtomicInteger active =
      new java.util.concurrent.atomic.AtomicInteger(1);
  private final ScheduledFuture<?> check;

  /** Watches {@code session} from now, with {@code limit} for the login. */
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

  /** The login is done: from now on, {@code limit} without progress within each step. */
  public void loggedIn(Duration limit) {
    limitNanos = limit.toNanos();
    last = System.nanoTime();
    active.decrementAndGet();
  }

  /** A remote step starts. */
  public void begin() {
    last = System.nanoTime();
    active.incrementAndGet();
  }

  /** A remote step ended, however. */
  public void end() {
    last = System.nanoTime();
    active.decrementAndGet();
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
    if (active.get() > 0 && System.nanoTime() - last > limitNanos) {
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
