package org.prex.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.prex.deliver.Deliveries;

/**
 * prex's metrics in a Micrometer registry, scraped in Prometheus's text format
 * (docs/operations.md): what was done since the start (counters), and what waits now (gauges, read
 * at each scrape). Camel's route metrics (camel-micrometer) and the JVM's go into the same
 * registry. Labels are agency ids, lab ids and outcomes only: never a lab's file name.
 */
public final class Metrics implements AutoCloseable {
  /** What the gauges read at each scrape; any part may be absent while a reload runs. */
  public interface Now {
    /** Each agency's delivery lane, in policy order; empty when none runs. */
    Map<String, Deliveries.LaneState> lanes();

    /** Items sealed to the security officer in the quarantine folder. */
    long quarantined();

    /** Receipts waiting for their lab's drop box to take them. */
    long receiptsWaiting();

    /** Submissions in custody: staged, not yet answered and released. */
    long staged();

    /** Each lab's inbox in the embedded drop box; empty when uploads come from elsewhere. */
    Map<String, Inbox> inboxes();
  }

  /** Files waiting in a lab's inbox, and when the oldest of them last changed (null if none). */
  public record Inbox(long files, Instant oldest) {}

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Clock clock;
  private final MultiGauge agencyUp;
  private final MultiGauge pending;
  private final MultiGauge oldest;
  private final MultiGauge inboxFiles;
  private final MultiGauge inboxOldest;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private volatile Supplier<Now> now = () -> null;

  public Metrics(Clock clock) {
    this.clock = clock;
    agencyUp =
        multi(
            "prex.agency.up",
            null,
            "1 while the agency's delivery target takes packages, 0 while it is down");
    pending =
        multi("prex.deliveries.pending", null, "Sealed packages waiting in the agency's lane");
    oldest =
        multi(
            "prex.deliveries.oldest.pending",
            "seconds",
            "Age of the oldest package waiting for the agency, since it was sealed");
    inboxFiles =
        multi(
            "prex.inbox.files",
            null,
            "Files in the lab's drop box inbox, uploading or waiting to be taken");
    inboxOldest =
        multi(
            "prex.inbox.oldest",
            "seconds",
            "Time since the oldest file in the lab's inbox last changed");
    Gauge.builder("prex.quarantine.items", this, m -> m.read(Now::quarantined))
        .description("Items sealed to the security officer in the quarantine folder")
        .register(registry);
    Gauge.builder("prex.receipts.waiting", this, m -> m.read(Now::receiptsWaiting))
        .description("Receipts waiting for their lab's drop box to take them")
        .register(registry);
    Gauge.builder("prex.submissions.staged", this, m -> m.read(Now::staged))
        .description("Submissions in custody: staged and not yet answered")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  private MultiGauge multi(String name, String unit, String description) {
    MultiGauge.Builder b = MultiGauge.builder(name).description(description);
    return (unit == null ? b : b.baseUnit(unit)).register(registry);
  }

  /** The registry, for Camel's route metrics (camel-micrometer). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Where the gauges read what waits now. */
  public void readFrom(Supplier<Now> now) {
    this.now = now;
  }

  /** A submission was answered with a receipt telling this outcome. */
  public void answered(String outcome) {
    Counter.builder("prex.submissions")
        .description("Submissions answered with a receipt, by the outcome it tells the lab")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** An item of {@code bytes} plaintext bytes was sealed into the agency's package. */
  public void sealed(String agency, long bytes) {
    Counter.builder("prex.items.sealed")
        .description("Items sealed into an agency's package")
        .tag("agency", agency)
        .register(registry)
        .increment();
    Counter.builder("prex.sealed")
        .baseUnit("bytes")
        .description("Plaintext bytes sealed into agencies' packages")
        .tag("agency", agency)
        .register(registry)
        .increment(bytes);
  }

  /** The Prometheus text exposition of every metric, with the agencies' gauges read now. */
  public String scrape() {
    Now n = now.get();
    Map<String, Deliveries.LaneState> lanes = n == null ? Map.of() : n.lanes();
    Instant at = clock.instant();
    List<MultiGauge.Row<?>> up = new ArrayList<>();
    List<MultiGauge.Row<?>> waiting = new ArrayList<>();
    List<MultiGauge.Row<?>> age = new ArrayList<>();
    lanes.forEach(
        (agency, lane) -> {
          Tags tags = Tags.of("agency", agency);
          up.add(MultiGauge.Row.of(tags, lane.down() ? 0 : 1));
          waiting.add(MultiGauge.Row.of(tags, lane.waiting()));
          age.add(MultiGauge.Row.of(tags, secondsSince(lane.oldestSealed(), at)));
        });
    List<MultiGauge.Row<?>> files = new ArrayList<>();
    List<MultiGauge.Row<?>> waited = new ArrayList<>();
    (n == null ? Map.<String, Inbox>of() : n.inboxes())
        .forEach(
            (lab, inbox) -> {
              Tags tags = Tags.of("lab", lab);
              files.add(MultiGauge.Row.of(tags, inbox.files()));
              waited.add(MultiGauge.Row.of(tags, secondsSince(inbox.oldest(), at)));
            });
    inboxFiles.register(files, true);
    inboxOldest.register(waited, true);
    agencyUp.register(up, true);
    pending.register(waiting, true);
    oldest.register(age, true);
    return registry.scrape();
  }

  /** Seconds from {@code since} to {@code at}; 0 when there is nothing to age. */
  private static double secondsSince(Instant since, Instant at) {
    return since == null ? 0 : Math.max(0, Duration.between(since, at).toMillis() / 1000.0);
  }

  private double read(java.util.function.ToLongFunction<Now> what) {
    Now n = now.get();
    return n == null ? Double.NaN : what.applyAsLong(n);
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
