package org.prex.review;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.review.document.ItemHash;

/**
 * One submission's review, as its events in the log tell it: its release date, what each agency
 * holds (its transfer and the items delivered, with their SHA-256), who acknowledged, which notices
 * went out, and who confirmed destruction. Read from the log each time, never kept.
 */
record ReviewState(
    String submission,
    String lab,
    LocalDate releaseDate,
    boolean outsideWindow,
    Set<String> decontrolItems,
    Map<String, String> itemSha,
    Map<String, Holding> holdings,
    Map<String, Instant> acknowledged,
    Map<String, Set<String>> opened,
    Map<String, SentNotice> notices,
    Map<String, Instant> destroyed,
    Set<String> decontrolled,
    Instant withdrawn,
    Instant answered) {

  static final Pattern RELEASE = Pattern.compile("release-date (\\d{4}-\\d{2}-\\d{2})\\b.*");
  static final Pattern NOTICE = Pattern.compile("(release|withdrawal|retention-ended) notice\\b.*");

  /** What one agency was delivered of the submission. */
  record Holding(String agency, String transfer, Map<String, Instant> items) {
    List<ItemHash> hashes(Map<String, String> itemSha) {
      List<ItemHash> out = new ArrayList<>();
      for (String item : items.keySet()) {
        out.add(new ItemHash(item, itemSha.get(item)));
      }
      return out;
    }
  }

  /** A notice sent: its id, to whom, of which type, when. */
  record SentNotice(String id, String agency, String type, Instant at) {}

  static ReviewState of(AuditLog log, String submission) {
    return of(submission, log.list(new AuditQuery(null, null, submission, null)));
  }

  static ReviewState of(String submission, List<AuditEvent> events) {
    String lab = null;
    LocalDate release = null;
    boolean outside = false;
    Set<String> decontrol = new LinkedHashSet<>();
    Map<String, String> sha = new LinkedHashMap<>();
    Map<String, Holding> holdings = new TreeMap<>();
    Map<String, Instant> acks = new TreeMap<>();
    Map<String, Set<String>> opened = new TreeMap<>();
    Map<String, SentNotice> notices = new LinkedHashMap<>();
    Map<String, Instant> destroyed = new LinkedHashMap<>();
    Set<String> decontrolled = new LinkedHashSet<>();
    Instant withdrawn = null;
    Instant answered = null;
    for (AuditEvent e : events) {
      if (lab == null && e.lab() != null) {
        lab = e.lab();
      }
      switch (e.type()) {
        case STAGED -> {
          if (e.item() != null && e.sha256Plain() != null) {
            sha.put(e.item(), e.sha256Plain());
          }
        }
        case RELEASE_SCHEDULED -> {
          Matcher m = e.reason() == null ? null : RELEASE.matcher(e.reason());
          if (m != null && m.matches()) {
            if (e.item() == null) {
              release = LocalDate.parse(m.group(1));
              outside = e.reason().contains("outside the release window");
            } else {
              decontrol.add(e.item());
            }
          }
        }
        case DELIVERED ->
            holdings
                .computeIfAbsent(
                    e.agency(), a -> new Holding(a, e.transfer(), new TreeMap<String, Instant>()))
                .items()
                .put(e.item(), e.time());
        case ACKNOWLEDGED -> {
          acks.putIfAbsent(e.agency(), e.time());
          if (e.item() != null) {
            opened.computeIfAbsent(e.agency(), a -> new java.util.TreeSet<>()).add(e.item());
          }
        }
        case NOTICE_SENT -> {
          Matcher m = e.reason() == null ? null : NOTICE.matcher(e.reason());
          String type = m != null && m.matches() ? m.group(1) : "other";
          notices.putIfAbsent(e.item(), new SentNotice(e.item(), e.agency(), type, e.time()));
        }
        case DESTROYED -> destroyed.putIfAbsent(e.item(), e.time());
        case DECONTROLLED -> decontrolled.add(e.item());
        case WITHDRAWN -> {
          if (e.item() == null && e.agency() == null && withdrawn == null) {
            withdrawn = e.time();
          }
        }
        case RECEIPT_SENT -> {
          // the submission's own answer, not a review receipt (which may come before it: a
          // withdrawal answered while a lane still holds a package)
          boolean review = e.reason() != null && e.reason().startsWith("review receipt");
          if (answered == null && !review) {
            answered = e.time();
          }
        }
        default -> {}
      }
    }
    return new ReviewState(
        submission,
        lab,
        release,
        outside,
        decontrol,
        sha,
        holdings,
        acks,
        opened,
        notices,
        destroyed,
        decontrolled,
        withdrawn,
        answered);
  }

  /** The notice of this type sent to this agency, if any. */
  Optional<SentNotice> notice(String type, String agency) {
    return notices.values().stream()
        .filter(n -> n.type().equals(type) && n.agency().equals(agency))
        .findFirst();
  }

  /** Whether the agency confirmed destroying what it holds, answering any destroy notice. */
  boolean destroyedBy(String agency) {
    return notices.values().stream()
        .anyMatch(n -> n.agency().equals(agency) && destroyed.containsKey(n.id()));
  }

  /** Whether an agency was asked to destroy (a withdrawal or retention-ended notice). */
  Optional<SentNotice> destroyAsked(String agency) {
    return notices.values().stream()
        .filter(n -> n.agency().equals(agency))
        .filter(n -> n.type().equals("withdrawal") || n.type().equals("retention-ended"))
        .findFirst();
  }

  /** Whether what the agency holds is all decontrolled (nothing controlled left to destroy). */
  boolean holdsOnlyDecontrolled(String agency) {
    Holding h = holdings.get(agency);
    return h != null && decontrolled.containsAll(h.items().keySet());
  }
}
