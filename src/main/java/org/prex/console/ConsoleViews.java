package org.prex.console;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditFormat;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.CanonicalEvent;
import org.prex.audit.EventType;
import org.prex.console.view.AccessPage;
import org.prex.console.view.AgenciesPage;
import org.prex.console.view.ChartsPage;
import org.prex.console.view.EventRow;
import org.prex.console.view.QuarantinePage;
import org.prex.console.view.SubmissionPage;
import org.prex.console.view.TransfersPage;
import org.prex.deliver.Deliveries;

/** Reads the log and the folders into the console's pages (docs/console.md). */
final class ConsoleViews {
  static final int PAGE_SIZE = 50;

  /** The console's own events: who used it for what. */
  static final Set<EventType> ACCESS =
      EnumSet.of(
          EventType.CONSOLE_LOGIN,
          EventType.CONSOLE_LOGIN_FAILED,
          EventType.CONSOLE_LOGOUT,
          EventType.CONSOLE_VIEWED,
          EventType.CONSOLE_EXPORTED,
          EventType.CONSOLE_VERIFIED,
          EventType.CONSOLE_DOWNLOADED);

  private static final Pattern QUARANTINED_FILE =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.pgp");

  /** The sealed note beside a quarantined item: whose it is and why (docs/formats.md). */
  private static final String NOTE = ".json.pgp";

  private final ConsoleSources sources;
  private final Clock clock;

  ConsoleViews(ConsoleSources sources, Clock clock) {
    this.sources = sources;
    this.clock = clock;
  }

  /** A search's filters, checked; {@link #error} names a filter that was not accepted. */
  record Search(
      AuditQuery query,
      String lab,
      String agency,
      String submission,
      String type,
      String since,
      String until,
      String error) {

    String queryString() {
      StringBuilder q = new StringBuilder();
      add(q, "lab", lab);
      add(q, "agency", agency);
      add(q, "submission", submission);
      add(q, "type", type);
      add(q, "since", since);
      add(q, "until", until);
      return q.toString();
    }

    private static void add(StringBuilder q, String name, String value) {
      if (value != null) {
        if (q.length() > 0) {
          q.append('&');
        }
        q.append(name)
            .append('=')
            .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * The filters of a search as given: lab, agency, submission, an event type (the outcome), and a
   * time range, each instant as ISO-8601 or a day (yyyy-MM-dd, UTC; {@code until} a day includes
   * that day).
   */
  static Search search(
      String lab, String agency, String submission, String type, String since, String until) {
    String error = null;
    Set<EventType> types = Set.of();
    if (type != null) {
      try {
        types = Set.of(EventType.valueOf(type));
      } catch (IllegalArgumentException e) {
        error = "unknown outcome '" + type + "'";
      }
    }
    Instant from = null;
    Instant to = null;
    try {
      from = instant(since, false);
    } catch (DateTimeParseException e) {
      error = "from '" + since + "' is not a day (2026-11-28) or an instant (2026-11-28T10:00:00Z)";
    }
    try {
      to = instant(until, true);
    } catch (DateTimeParseException e) {
      error = "to '" + until + "' is not a day (2026-11-28) or an instant (2026-11-28T10:00:00Z)";
    }
    AuditQuery q;
    try {
      q = new AuditQuery(lab, agency, submission, from, types, to);
    } catch (IllegalArgumentException e) {
      error = e.getMessage();
      q = new AuditQuery(null, null, null, null, Set.of(EventType.values()[0]), Instant.EPOCH);
    }
    if (error != null) {
      // nothing matches a search whose filters were refused: never everything
      q = new AuditQuery(null, null, null, null, Set.of(EventType.values()[0]), Instant.EPOCH);
    }
    return new Search(q, lab, agency, submission, type, since, until, error);
  }

  private static Instant instant(String text, boolean end) {
    if (text == null) {
      return null;
    }
    if (text.length() == 10) {
      LocalDate day = LocalDate.parse(text);
      return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    return Instant.parse(text);
  }

  TransfersPage transfers(Search s, int page) {
    long total = sources.log().count(s.query());
    int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    int p = Math.min(Math.max(page, 1), pages);
    List<EventRow> rows =
        sources.log().page(s.query(), (long) (p - 1) * PAGE_SIZE, PAGE_SIZE).stream()
            .map(EventRow::of)
            .toList();
    List<String> types = Arrays.stream(EventType.values()).map(Enum::name).toList();
    return new TransfersPage(
        s.lab(),
        s.agency(),
        s.submission(),
        s.type(),
        s.since(),
        s.until(),
        types,
        rows,
        total,
        p,
        pages,
        s.queryString(),
        s.error());
  }

  /** Events an export reads at a time: what the heap holds of it at once. */
  static final int EXPORT_PAGE = 1000;

  /**
   * The first {@code count} events the search selects (those there were when it was counted: the
   * log only grows at its end), page by page into {@code out}.
   */
  void export(Search s, long count, AuditFormat.Stream out) {
    long done = 0;
    while (done < count) {
      int n = (int) Math.min(EXPORT_PAGE, count - done);
      List<AuditEvent> page = sources.log().page(s.query(), done, n);
      if (page.isEmpty()) {
        break;
      }
      out.add(page);
      done += page.size();
    }
    out.finish();
  }

  /**
   * A submission's chain of custody: the events naming it, its items or its transfers, in order.
   * Empty when the log has none.
   */
  SubmissionPage submission(String id) {
    List<AuditEvent> own = sources.log().list(new AuditQuery(null, null, id, null));
    if (own.isEmpty()) {
      return new SubmissionPage(
          id, "", List.of(), List.of(), List.of(), null, "no submission '" + id + "' in the log");
    }
    Map<String, String> designation = new LinkedHashMap<>();
    Map<String, String> why = new HashMap<>();
    Map<String, String> where = new HashMap<>();
    Map<String, TreeSet<String>> agencies = new HashMap<>();
    List<EventRow> receipts = new ArrayList<>();
    String lab = "";
    long lastBeforeReceipt = 0;
    boolean rejectedWhole = false;
    Map<String, TreeSet<String>> routed = new HashMap<>();
    for (AuditEvent e : own) {
      if (e.lab() != null) {
        lab = e.lab();
      }
      String item = e.item();
      if (item != null && (item.startsWith("n-") || item.startsWith("f-"))) {
        // a notice, or findings returned, of the review cycle (docs/review-cycle.md): in the
        // timeline, no item
        continue;
      }
      if (item != null) {
        designation.putIfAbsent(item, "");
      }
      switch (e.type()) {
        case STAGED -> where.putIfAbsent(item, "staged");
        case DESIGNATED -> {
          designation.put(item, nz(e.designation()));
          why.put(item, nz(e.reason()));
        }
        case ROUTED -> {
          if (item != null && e.agency() != null) {
            routed.computeIfAbsent(item, k -> new TreeSet<>()).add(e.agency());
          }
        }
        case DELIVERED -> {
          agencies.computeIfAbsent(item, k -> new TreeSet<>()).add(e.agency());
          where.put(item, "delivered");
        }
        case QUARANTINED -> where.put(item, "quarantined");
        case REJECTED -> {
          if (item != null) {
            where.put(item, "rejected");
          } else {
            rejectedWhole = true;
          }
        }
        // the plaintext left staging; where the item went (delivered, quarantined) stays so
        case PURGED -> where.replace(item, "staged", "purged from staging");
        case RECEIPT_SENT -> receipts.add(EventRow.of(e));
        // a package the lab withdrew before it went out (docs/review-cycle.md)
        case WITHDRAWN -> {
          if (item != null) {
            routed.getOrDefault(item, new TreeSet<>()).remove(e.agency());
            where.putIfAbsent(item, "staged");
            if (!where.get(item).equals("delivered")) {
              where.put(item, "not delivered: withdrawn by the lab");
            }
          }
        }
        default -> {}
      }
      if (e.type() != EventType.RECEIPT_SENT && receipts.isEmpty()) {
        lastBeforeReceipt = e.seq();
      }
    }
    if (rejectedWhole) {
      // a submission rejected whole: its items that reached no place of their own went with it
      for (String item : designation.keySet()) {
        String now = where.getOrDefault(item, "received");
        if (now.equals("received") || now.equals("staged") || now.equals("purged from staging")) {
          where.put(item, "rejected with the submission");
        }
      }
    }
    // an item routed to agencies that have not all had it yet is not simply "delivered"
    for (String item : designation.keySet()) {
      TreeSet<String> waiting = new TreeSet<>(routed.getOrDefault(item, new TreeSet<>()));
      waiting.removeAll(agencies.getOrDefault(item, new TreeSet<>()));
      String now = where.getOrDefault(item, "received");
      if (!waiting.isEmpty() && !now.equals("quarantined") && !now.startsWith("rejected")) {
        where.put(
            item,
            (now.equals("delivered") ? "delivered in part; " : "")
                + "waiting for delivery to "
                + String.join(", ", waiting));
      }
    }
    List<SubmissionPage.ItemRow> items = new ArrayList<>();
    for (String item : designation.keySet()) {
      items.add(
          new SubmissionPage.ItemRow(
              item,
              designation.get(item),
              why.getOrDefault(item, ""),
              where.getOrDefault(item, "received"),
              List.copyOf(agencies.getOrDefault(item, new TreeSet<>()))));
    }
    String checkpoint = sources.log().checkpointCovering(lastBeforeReceipt).orElse(null);
    return new SubmissionPage(
        id, lab, own.stream().map(EventRow::of).toList(), items, receipts, checkpoint, null);
  }

  AgenciesPage agencies() {
    Map<String, Deliveries.LaneState> lanes = sources.lanes().get();
    TreeSet<String> names = new TreeSet<>(sources.agencies().get());
    names.addAll(lanes.keySet());
    List<AgenciesPage.Row> rows = new ArrayList<>();
    for (String agency : names) {
      Deliveries.LaneState lane = lanes.get(agency);
      AuditQuery delivered =
          new AuditQuery(null, agency, null, null, Set.of(EventType.DELIVERED), null);
      AuditQuery retried =
          new AuditQuery(null, agency, null, null, Set.of(EventType.DELIVERY_RETRY), null);
      long deliveredCount = sources.log().count(delivered);
      long retries = sources.log().count(retried);
      AuditEvent lastDelivered = last(delivered, deliveredCount);
      AuditEvent lastRetry = last(retried, retries);
      rows.add(
          new AgenciesPage.Row(
              agency,
              lane == null ? "not in the policy" : lane.down() ? "down: retrying" : "up",
              lane == null ? 0 : lane.waiting(),
              lane == null || lane.oldestSealed() == null
                  ? ""
                  : CanonicalEvent.time(lane.oldestSealed().truncatedTo(ChronoUnit.MILLIS)),
              lastDelivered == null ? "never" : CanonicalEvent.time(lastDelivered.time()),
              deliveredCount,
              retries,
              lastRetry == null ? "" : CanonicalEvent.time(lastRetry.time()),
              lastRetry == null ? "" : nz(lastRetry.reason())));
    }
    return new AgenciesPage(rows);
  }

  private AuditEvent last(AuditQuery q, long count) {
    if (count == 0) {
      return null;
    }
    List<AuditEvent> page = sources.log().page(q, count - 1, 1);
    return page.isEmpty() ? null : page.get(0);
  }

  QuarantinePage quarantine() throws IOException {
    Map<String, AuditEvent> why = new HashMap<>();
    for (AuditEvent e :
        sources
            .log()
            .list(new AuditQuery(null, null, null, null, Set.of(EventType.QUARANTINED), null))) {
      if (e.item() != null) {
        why.put(e.item(), e);
      }
    }
    List<QuarantinePage.Row> rows = new ArrayList<>();
    Path dir = sources.quarantine();
    if (Files.isDirectory(dir)) {
      TreeMap<String, Path> files = new TreeMap<>();
      try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
        for (Path p : list) {
          String name = p.getFileName().toString();
          if (QUARANTINED_FILE.matcher(name).matches()
              && !name.endsWith(NOTE)
              && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            files.put(name, p);
          }
        }
      }
      for (Map.Entry<String, Path> f : files.entrySet()) {
        String item = f.getKey().substring(0, f.getKey().length() - ".pgp".length());
        AuditEvent e = why.get(item);
        boolean noted = Files.isRegularFile(dir.resolve(item + NOTE));
        rows.add(
            new QuarantinePage.Row(
                item,
                f.getKey(),
                Files.size(f.getValue()),
                noted ? item + NOTE : null,
                e == null ? "" : nz(e.lab()),
                e == null ? "" : nz(e.submission()),
                e == null ? "" : CanonicalEvent.time(e.time()),
                e == null ? "no QUARANTINED event names it" : nz(e.reason())));
      }
    }
    return new QuarantinePage(rows);
  }

  /** A quarantined item's sealed file, or null when there is none of that name. */
  Path quarantined(String file) {
    if (file == null || !QUARANTINED_FILE.matcher(file).matches()) {
      return null;
    }
    Path p = sources.quarantine().resolve(file);
    // a link is never followed: only a file prex sealed there is served
    return Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && p.getParent().equals(sources.quarantine())
        ? p
        : null;
  }

  AccessPage access(int page) {
    AuditQuery q = new AuditQuery(null, null, null, null, ACCESS, null);
    long total = sources.log().count(q);
    int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    int p = Math.min(Math.max(page, 1), pages);
    // newest first: the last page of the log's order, reversed
    long end = total - (long) (p - 1) * PAGE_SIZE;
    long start = Math.max(0, end - PAGE_SIZE);
    List<EventRow> rows =
        new ArrayList<>(
            end <= 0
                ? List.of()
                : sources.log().page(q, start, (int) (end - start)).stream()
                    .map(EventRow::of)
                    .toList());
    java.util.Collections.reverse(rows);
    return new AccessPage(rows, total, p, pages);
  }

  /** Counts per day over the last {@code days} days (UTC), for the charts. */
  ChartsPage charts(int days) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate first = today.minusDays(days - 1L);
    Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < days; i++) {
      labels.add(first.plusDays(i).toString().substring(5));
    }
    Map<String, long[]> perAgency = new TreeMap<>();
    for (String a : sources.agencies().get()) {
      perAgency.put(a, new long[days]);
    }
    Map<EventType, long[]> outcomes = new LinkedHashMap<>();
    for (EventType t :
        List.of(
            EventType.DELIVERED,
            EventType.QUARANTINED,
            EventType.REJECTED,
            EventType.DELIVERY_RETRY)) {
      outcomes.put(t, new long[days]);
    }
    for (AuditLog.DayCount n :
        sources
            .log()
            .countPerDay(new AuditQuery(null, null, null, from, outcomes.keySet(), null))) {
      int day = (int) ChronoUnit.DAYS.between(first, n.day());
      if (day < 0 || day >= days) {
        continue;
      }
      outcomes.get(n.type())[day] += n.count();
      if (n.type() == EventType.DELIVERED && n.agency() != null) {
        perAgency.computeIfAbsent(n.agency(), a -> new long[days])[day] += n.count();
      }
    }
    List<ChartsPage.Series> volume = new ArrayList<>();
    int i = 0;
    long max = 0;
    for (Map.Entry<String, long[]> a : perAgency.entrySet()) {
      volume.add(new ChartsPage.Series(a.getKey(), "s" + (i++ % 6), boxed(a.getValue())));
      for (long c : a.getValue()) {
        max = Math.max(max, c);
      }
    }
    List<ChartsPage.Series> outcomeSeries = new ArrayList<>();
    long maxOutcomes = 0;
    i = 0;
    for (Map.Entry<EventType, long[]> o : outcomes.entrySet()) {
      outcomeSeries.add(new ChartsPage.Series(o.getKey().name(), "o" + (i++), boxed(o.getValue())));
      for (long c : o.getValue()) {
        maxOutcomes = Math.max(maxOutcomes, c);
      }
    }
    return new ChartsPage(days, labels, volume, outcomeSeries, max, maxOutcomes);
  }

  private static List<Long> boxed(long[] counts) {
    return Arrays.stream(counts).boxed().toList();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
