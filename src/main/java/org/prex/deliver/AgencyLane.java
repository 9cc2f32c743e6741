package org.prex.deliver;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.item.Item;
import org.prex.workflow.SubmissionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agency's deliveries: its own queue and its own thread, so that an agency that is down, slow
 * or hung holds up nobody else (docs/delivery.md). Packages go out in the order they were sealed;
 * the one at the head is tried until it lands, with the waits of an {@link Outage}.
 *
 * <p>The log hears of an outage, not of every attempt: one DELIVERY_RETRY for the agency when it
 * goes down and one when it is back (with the number of failed attempts, how long, and how many
 * packages were waiting), and one for each package the first time it has to wait.
 */
final class AgencyLane implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgencyLane.class);
  private static final Duration JOIN = Duration.ofSeconds(2);

  private final String agency;
  private final DeliveryTarget target;
  private final AuditLog log;
  private final SubmissionState state;
  private final Consumer<DeliveryJob> delivered;
  private final Clock clock;
  private final LinkedBlockingDeque<DeliveryJob> queue = new LinkedBlockingDeque<>();
  private final Outage outage = new Outage();
  private final java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);

  /** Transfers whose wait is logged and that have not landed yet; guarded by {@code this}. */
  private final Set<String> toldWaiting = new HashSet<>();

  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean down;

  AgencyLane(
      String agency,
      DeliveryTarget target,
      AuditLog log,
      Consumer<DeliveryJob> delivered,
      Clock clock) {
    this.agency = agency;
    this.target = target;
    this.log = log;
    this.state = new SubmissionState(log);
    this.delivered = delivered;
    this.clock = clock;
    this.thread = new Thread(this::run, "prex-deliver-" + agency);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Whether the agency is down, how many packages wait, and since when the oldest. */
  Deliveries.LaneState state() {
    java.time.Instant oldest = null;
    int waiting = 0;
    for (DeliveryJob job : queue) { // weakly consistent: a job may come or go meanwhile
      waiting++;
      if (oldest == null || job.sealed().isBefore(oldest)) {
        oldest = job.sealed();
      }
    }
    return new Deliveries.LaneState(down, waiting, oldest);
  }

  /**
   * Ends the back-off wait now, if one is running: a submission was withdrawn, and its package at
   * the head of the queue is to be settled at once (not delivered; docs/review-cycle.md).
   */
  void wake() {
    wake.release();
  }

  /** Queues a sealed package; while the agency is down, its wait is logged at once. */
  void add(DeliveryJob job) {
    if (closed) {
      return; // stopping: the submission stays staged and is delivered after the next start
    }
    queue.addLast(job);
    if (down) {
      tellWaiting(job, "agency " + agency + " is down");
    }
  }

  private void run() {
    while (!closed) {
      DeliveryJob job;
      try {
        job = queue.pollFirst(1, TimeUnit.SECONDS);
        if (job == null) {
          continue;
        }
        queue.addFirst(job); // stays counted as waiting until it lands
        Duration wait = outage.waitBefore(clock.instant());
        if (!wait.isZero()) {
          // the back-off, cut short by a withdrawal (docs/review-cycle.md): the packages of a
          // withdrawn submission are settled now, not when the agency is back
          // a wake that came while the last attempt ran is not lost: its permit ends this wait
          if (wake.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            settleWithdrawn();
            continue;
          }
        }
      } catch (InterruptedException e) {
        return;
      }
      if (closed) {
        return;
      }
      try {
        attempt(job);
      } catch (RuntimeException | Error e) {
        // the log could not be written, or worse: the package stays at the head and is tried
        // again (it is logged once, the target and the log both say whether it is there)
        LOG.error("delivery lane of agency {} failed: {}", agency, e.getClass().getName());
        try {
          Thread.sleep(Outage.FIRST_WAIT.toMillis());
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  private void attempt(DeliveryJob job) {
    if (state.withdrawn(job.submission().id())) {
      settle(job);
      return;
    }
    try {
      target.put(job.pkg(), job.transfer());
    } catch (Exception e) {
      if (closed) {
        return; // cut off by the stop: tried again after the next start
      }
      failed(job, e);
      return;
    }
    if (closed) {
      // stopped while the package went out (a local copy cannot be cut off): the lane that
      // follows, or the next start, finds it there and logs it, once
      return;
    }
    // the package's items in one transaction: a package of a thousand items is one commit
    state.recordDelivered(
        job.items().stream()
            .map(
                item ->
                    event(EventType.DELIVERED, job)
                        .item(item.id())
                        .designation(item.designation().toString()))
            .toList());
    queue.remove(job);
    Outage.Ended ended = outage.succeeded(clock.instant());
    if (ended != null) {
      back(ended);
    }
    synchronized (this) {
      toldWaiting.remove(job.transfer());
    }
    delivered.accept(job);
  }

  /**
   * A package of a submission the lab withdrew before it went out: it never goes; each of its items
   * is logged WITHDRAWN for this agency, and the submission goes on to be answered.
   */
  private void settle(DeliveryJob job) {
    for (Item item : job.items()) {
      state.recordNotDelivered(
          job.submission().lab(), job.submission().id(), item.id(), agency, job.transfer());
    }
    queue.remove(job);
    synchronized (this) {
      toldWaiting.remove(job.transfer());
    }
    delivered.accept(job);
  }

  /** Settles every waiting package of a withdrawn submission; on this lane's own thread. */
  private void settleWithdrawn() {
    for (DeliveryJob job : List.copyOf(queue)) {
      if (state.withdrawn(job.submission().id())) {
        settle(job);
      }
    }
  }

  private void failed(DeliveryJob job, Exception e) {
    String reason = reason(e);
    if (outage.failed(clock.instant())) {
      down = true;
      LOG.warn(
          "agency {} is down ({}); {} package(s) wait and are retried with back-off up to {} s apart",
          agency,
          reason,
          queue.size(),
          Outage.LONGEST_WAIT.toSeconds());
      log.append(
          EventDraft.of(EventType.DELIVERY_RETRY)
              .agency(agency)
              .reason(
                  "agency down: "
                      + reason
                      + "; "
                      + queue.size()
                      + " package(s) waiting; retried with back-off, the log hears when it is back"));
      for (DeliveryJob waiting : queue) {
        tellWaiting(waiting, reason);
      }
    } else {
      LOG.debug("agency {} still down after {} attempt(s): {}", agency, outage.failures(), reason);
    }
  }

  private void back(Outage.Ended ended) {
    down = false;
    LOG.info(
        "agency {} is back after {} failed attempt(s) over {} s; {} package(s) waiting",
        agency,
        ended.failedAttempts(),
        ended.length().toSeconds(),
        queue.size());
    log.append(
        EventDraft.of(EventType.DELIVERY_RETRY)
            .agency(agency)
            .reason(
                "agency back: delivered after "
                    + ended.failedAttempts()
                    + " failed attempt(s) over "
                    + ended.length().toSeconds()
                    + " s (down since "
                    + ended.since()
                    + "); "
                    + queue.size()
                    + " more package(s) waiting"));
  }

  /**
   * One DELIVERY_RETRY per package, naming why it waits: the first time it has to wait, and not
   * again in a later outage before it lands (an agency that flaps would otherwise cost one event
   * per waiting package per flap).
   */
  private void tellWaiting(DeliveryJob job, String reason) {
    synchronized (this) {
      if (!toldWaiting.add(job.transfer())) {
        return;
      }
    }
    log.append(event(EventType.DELIVERY_RETRY, job).reason("target unavailable: " + reason));
  }

  private EventDraft event(EventType type, DeliveryJob job) {
    return EventDraft.of(type)
        .lab(job.submission().lab())
        .submission(job.submission().id())
        .agency(agency)
        .transfer(job.transfer());
  }

  /** Only a {@link TargetUnavailable}'s message is known to be safe for the log. */
  static String reason(Exception e) {
    return e instanceof TargetUnavailable ? e.getMessage() : e.getClass().getSimpleName();
  }

  /**
   * Stops: an upload in flight is cut off (the target's session is closed) and the thread is waited
   * for briefly, so that a lane started after this one never writes the same transfer at the same
   * time. What waits stays staged and is delivered after the next start.
   */
  @Override
  public void close() {
    closed = true;
    target.abort();
    thread.interrupt();
    try {
      thread.join(JOIN.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn(
          "the delivery thread of agency {} did not stop within {} s", agency, JOIN.toSeconds());
    }
  }
}
