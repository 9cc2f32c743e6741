package org.prex.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.config.Policy;
import org.prex.review.document.Notice;

/**
 * The notices that fall due (docs/review-cycle.md), worked out from the log on every tick of the
 * review route, so that none is lost to a restart: on a submission's release date, a {@code
 * release} notice to every agency that holds it (and its {@code decontrol-on-release} items logged
 * DECONTROLLED); once {@code retention-after-release} has passed, a {@code retention-ended} notice
 * asking every agency still holding controlled items to destroy them; after a withdrawal, a {@code
 * withdrawal} notice asking every agency that received any of it to destroy it. Times come from a
 * {@link Clock}, so that tests drive them.
 */
final class Schedule {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Schedule.class);
  private final AuditLog log;
  private final Notices notices;
  private final ReviewReceipts receipts;
  private final Supplier<Policy.Review> policy;
  private final Path withdrawals;
  private final Clock clock;

  /**
   * Submissions with nothing more ever due (kept in memory only: after a restart each is looked at
   * once more). A submission is finished only once it was answered, since until then a lane may
   * still deliver to one more agency.
   */
  private final Set<String> finished = java.util.concurrent.ConcurrentHashMap.newKeySet();

  Schedule(
      AuditLog log,
      Notices notices,
      ReviewReceipts receipts,
      Supplier<Policy.Review> policy,
      Path withdrawals,
      Clock clock) {
    this.log = log;
    this.notices = notices;
    this.receipts = receipts;
    this.policy = policy;
    this.withdrawals = withdrawals;
    this.clock = clock;
  }

  /** Sends every notice due now; a notice that cannot be sent is tried again on the next tick. */
  void run() throws IOException {
    // one query for the whole schedule; a submission's own events are read only when something
    // of it may be due: it was withdrawn, or its release date has come
    Set<String> submissions = new LinkedHashSet<>();
    Set<String> withdrawn = new java.util.HashSet<>();
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    for (AuditEvent e :
        log.list(
            new AuditQuery(
                null,
                null,
                null,
                null,
                Set.of(EventType.RELEASE_SCHEDULED, EventType.WITHDRAWN),
                null))) {
      if (e.type() == EventType.WITHDRAWN && e.item() == null) {
        submissions.add(e.submission());
        withdrawn.add(e.submission());
      } else if (e.type() == EventType.RELEASE_SCHEDULED && e.item() == null) {
        java.util.regex.Matcher m = ReviewState.RELEASE.matcher(e.reason());
        if (m.matches() && !today.isBefore(LocalDate.parse(m.group(1)))) {
          submissions.add(e.submission());
        }
      }
    }
    IOException first = null;
    for (String submission : submissions) {
      // finished on the release path, a submission may still be withdrawn later
      String key = (withdrawn.contains(submission) ? "withdrawn " : "released ") + submission;
      if (finished.contains(key)) {
        continue;
      }
      try {
        ReviewState state = ReviewState.of(log, submission);
        if (run(state)) {
          finished.add(key);
        }
      } catch (IOException | RuntimeException e) {
        // one submission whose notices cannot go now holds up no other's; tried next tick
        LOG.warn(
            "notices of submission {} not sent yet, will retry: {} ({})",
            submission,
            e.getMessage(),
            e.getClass().getSimpleName());
        if (first == null) {
          first = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * Why a notice of the submission being looked at could not be sent; the others are sent all the
   * same (one agency that is down holds up no other), then this is thrown.
   */
  private Exception unsent;

  /** Sends what is due of one submission; whether nothing more of it can ever fall due. */
  private synchronized boolean run(ReviewState s) throws IOException {
    unsent = null;
    boolean finished = due(s);
    if (unsent != null) {
      throw unsent instanceof IOException io ? io : new IOException(unsent.getMessage(), unsent);
    }
    return finished;
  }

  private boolean due(ReviewState s) throws IOException {
    Instant now = clock.instant();
    Policy.Review p = policy.get();
    if (s.withdrawn() != null) {
      String why = "the lab withdrew the submission" + labReason(s.submission());
      for (String agency : s.holdings().keySet()) {
        if (s.notice("withdrawal", agency).isEmpty()) {
          send("withdrawal", s, agency, "destroy", now.plus(p.destructionDeadline()), why, now);
        }
      }
      if (unsent == null) {
        // the lab's receipt once every holder has its notice: it lists them all
        receipts.issueDue(s.submission());
      }
      return s.answered() != null;
    }
    if (s.releaseDate() == null) {
      return true;
    }
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    if (!today.isBefore(s.releaseDate())) {
      for (String item : s.decontrolItems()) {
        boolean delivered =
            s.holdings().values().stream().anyMatch(h -> h.items().containsKey(item));
        if (delivered && !s.decontrolled().contains(item)) {
          log.appendOnce(
              EventDraft.of(EventType.DECONTROLLED)
                  .lab(s.lab())
                  .submission(s.submission())
                  .item(item)
                  .designation("PUBLIC")
                  .reason("decontrol-on-release: PUBLIC from the release date " + s.releaseDate()));
        }
      }
      for (String agency : s.holdings().keySet()) {
        if (s.notice("release", agency).isEmpty()) {
          send(
              "release",
              s,
              agency,
              "none",
              null,
              "the model is released on " + s.releaseDate(),
              now);
        }
      }
    }
    Instant retentionEnds =
        s.releaseDate().atStartOfDay(ZoneOffset.UTC).toInstant().plus(p.retentionAfterRelease());
    if (!now.isBefore(retentionEnds)) {
      ReviewState after = ReviewState.of(log, s.submission()); // DECONTROLLED just logged
      for (String agency : after.holdings().keySet()) {
        if (after.destroyAsked(agency).isEmpty() && !after.holdsOnlyDecontrolled(agency)) {
          send(
              "retention-ended",
              after,
              agency,
              "destroy",
              now.plus(p.destructionDeadline()),
              "the retention period of "
                  + p.retentionAfterRelease().toDays()
                  + " days after the release on "
                  + s.releaseDate()
                  + " has ended",
              now);
        }
      }
      return after.answered() != null;
    }
    return false;
  }

  private void send(
      String type,
      ReviewState s,
      String agency,
      String action,
      Instant deadline,
      String why,
      Instant now)
      throws IOException {
    try {
      Notice n = Notices.make(type, s, agency, action, deadline, why, now, notices.checkpoint());
      notices.send(n, agency, s.lab(), s.holdings().get(agency).transfer(), Notices.reason(n));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "{} notice to agency {} not sent yet, will retry: {} ({})",
          type,
          agency,
          e.getMessage(),
          e.getClass().getSimpleName());
      if (unsent == null) {
        unsent = e;
      }
    }
  }

  /** The reason the lab gave for a withdrawal, as it is kept in the data folder. */
  private String labReason(String submission) throws IOException {
    Path f = withdrawals.resolve(submission + ".reason");
    if (!Files.isRegularFile(f)) {
      return "";
    }
    String r = Files.readString(f, StandardCharsets.UTF_8).strip();
    return r.isEmpty() ? "" : ": " + r;
  }
}
