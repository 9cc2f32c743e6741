package org.prex.deliver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.prex.audit.AuditLog;
import org.prex.item.Item;
import org.prex.staging.Staging;
import org.prex.submission.Submission;
import org.prex.transfer.TransferSealer;
import org.prex.workflow.SubmissionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a sealed submission's packages to the agencies' lanes, one {@link AgencyLane} per agency
 * (docs/delivery.md), and answers the submission once every agency it was routed to has its
 * package. Each package is delivered exactly once: agencies already delivered (per the log, or per
 * the target itself after a crash) are skipped. The pipeline's threads never wait for an agency.
 */
public final class Deliveries implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
  static final String ANSWERS = "seda:answers";

  private final Map<String, AgencyLane> lanes = new LinkedHashMap<>();
  private final Staging staging;
  private final SubmissionState state;
  private Consumer<Submission> answer;
  private ProducerTemplate producer;

  /** Submissions with packages still in a lane, and the agencies they wait for. */
  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

  private record Waiting(Submission submission, Set<String> agencies) {}

  /** Submissions go on to the answers route ({@value #ANSWERS}) once delivered. */
  public Deliveries(
      Map<String, DeliveryTarget> targets, Staging staging, AuditLog log, Clock clock) {
    this(targets, staging, log, null, clock);
  }

  /**
   * @param answer where a submission goes once every package of it is delivered: called on a lane's
   *     thread, or on the caller's when nothing was left to deliver
   */
  Deliveries(
      Map<String, DeliveryTarget> targets,
      Staging staging,
      AuditLog log,
      Consumer<Submission> answer,
      Clock clock) {
    this.staging = staging;
    this.state = new SubmissionState(log);
    this.answer = answer;
    for (Map.Entry<String, DeliveryTarget> t : targets.entrySet()) {
      lanes.put(t.getKey(), new AgencyLane(t.getKey(), t.getValue(), log, this::delivered, clock));
    }
    lanes.values().forEach(AgencyLane::start);
  }

  /**
   * The pipeline's step: queues each agency's package of the submission in that agency's lane; the
   * submission goes on to the answers route when the last one is delivered.
   */
  public void deliver(Submission submission, CamelContext context) throws IOException {
    synchronized (this) {
      if (answer == null) {
        producer = context.createProducerTemplate();
        ProducerTemplate p = producer;
        answer = s -> p.sendBody(ANSWERS, s);
      }
    }
    enqueue(submission);
  }

  void enqueue(Submission submission) throws IOException {
    Map<String, DeliveryJob> jobs = new LinkedHashMap<>();
    for (Map.Entry<String, List<Item>> e : submission.byAgency().entrySet()) {
      String agency = e.getKey();
      List<Item> items =
          e.getValue().stream().filter(i -> !state.delivered(i.id(), agency)).toList();
      if (items.isEmpty()) {
        continue;
      }
      if (state.withdrawn(submission.id())) {
        // withdrawn before its packages went out: none goes (docs/review-cycle.md)
        for (Item i : items) {
          state.recordNotDelivered(submission.lab(), submission.id(), i.id(), agency, null);
        }
        continue;
      }
      if (!lanes.containsKey(agency)) {
        throw new IllegalStateException(
            "submission "
                + submission.id()
                + " is routed to "
                + agency
                + ", which has no delivery target");
      }
      Path pkg = TransferSealer.wholePackage(staging.sealed(submission.id(), agency));
      if (pkg == null) {
        throw new IllegalStateException(
            "submission " + submission.id() + " has no sealed package for " + agency);
      }
      jobs.put(
          agency,
          new DeliveryJob(
              submission,
              agency,
              pkg.getFileName().toString(),
              pkg,
              items,
              Files.getLastModifiedTime(pkg).toInstant()));
    }
    if (jobs.isEmpty()) {
      answerer().accept(submission);
      return;
    }
    if (waiting.putIfAbsent(submission.id(), new Waiting(submission, ConcurrentHashMap.newKeySet()))
        != null) {
      LOG.debug("submission {} is already waiting in the agencies' lanes", submission.id());
      return;
    }
    waiting.get(submission.id()).agencies().addAll(jobs.keySet());
    for (DeliveryJob job : jobs.values()) {
      lanes.get(job.agency()).add(job);
    }
  }

  private void delivered(DeliveryJob job) {
    Waiting w = waiting.get(job.submission().id());
    if (w == null) {
      return;
    }
    w.agencies().remove(job.agency());
    if (w.agencies().isEmpty() && waiting.remove(job.submission().id(), w)) {
      try {
        answerer().accept(w.submission());
      } catch (RuntimeException e) {
        LOG.warn(
            "submission {} is delivered but could not be passed on to be answered; it is answered"
                + " after the next start ({})",
            job.submission().id(),
            e.getClass().getName());
      }
    }
  }

  private synchronized Consumer<Submission> answerer() {
    return answer;
  }

  /**
   * Told that a submission was withdrawn (docs/review-cycle.md): every lane waiting out an agency's
   * outage looks at its head again now, so that a package of it is settled (logged WITHDRAWN, not
   * delivered) without waiting for the agency.
   */
  public void withdrawn() {
    lanes.values().forEach(AgencyLane::wake);
  }

  /** What an agency's lane holds now: for health and metrics (docs/operations.md). */
  public record LaneState(boolean down, int waiting, Instant oldestSealed) {}

  /** Each agency's lane as it is now, in policy order. */
  public Map<String, LaneState> lanes() {
    Map<String, LaneState> states = new LinkedHashMap<>();
    lanes.forEach((agency, lane) -> states.put(agency, lane.state()));
    return states;
  }

  /** Stops every lane; what waits stays staged, and is delivered after the next start. */
  @Override
  public void close() {
    lanes.values().parallelStream().forEach(AgencyLane::close);
    synchronized (this) {
      if (producer != null) {
        try {
          producer.close();
        } catch (IOException | RuntimeException e) {
          LOG.debug("producer did not close: {}", e.getClass().getName());
        }
      }
    }
  }
}
