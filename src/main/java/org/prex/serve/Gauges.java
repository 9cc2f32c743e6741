package org.prex.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.prex.config.Deployment;
import org.prex.deliver.Deliveries;
import org.prex.observe.Metrics;
import org.prex.quarantine.Quarantine;
import org.prex.receipt.Receipts;
import org.prex.staging.Staging;

/**
 * What the metrics' gauges read from a running exchange (docs/operations.md): the agencies' lanes,
 * quarantine, receipts waiting, staging and the labs' inboxes, as they are at each scrape. The
 * lanes and receipts are those of the routes running now, read without the server's monitor, so a
 * scrape never waits for a policy reload.
 */
final class Gauges implements Metrics.Now {
  private final Deployment deployment;
  private final Staging staging;
  private final Collection<String> inboxLabs;
  private final Supplier<Deliveries> lanes;
  private final Supplier<Receipts> receipts;

  /**
   * @param inboxLabs the labs whose inboxes the embedded drop box holds; null when uploads come
   *     from an external server, whose inboxes are not counted
   */
  Gauges(
      Deployment deployment,
      Staging staging,
      Collection<String> inboxLabs,
      Supplier<Deliveries> lanes,
      Supplier<Receipts> receipts) {
    this.deployment = deployment;
    this.staging = staging;
    this.inboxLabs = inboxLabs;
    this.lanes = lanes;
    this.receipts = receipts;
  }

  @Override
  public Map<String, Deliveries.LaneState> lanes() {
    Deliveries now = lanes.get();
    return now == null ? Map.of() : now.lanes();
  }

  @Override
  public long quarantined() {
    return Quarantine.count(deployment.quarantine());
  }

  @Override
  public long receiptsWaiting() {
    Receipts now = receipts.get();
    return now == null ? 0 : now.waitingForDropBox();
  }

  @Override
  public Map<String, Metrics.Inbox> inboxes() {
    if (inboxLabs == null) {
      return Map.of();
    }
    Map<String, Metrics.Inbox> inboxes = new TreeMap<>();
    for (String lab : inboxLabs) {
      inboxes.put(lab, inbox(deployment.dropBox().resolve(lab).resolve("inbox")));
    }
    return inboxes;
  }

  @Override
  public long staged() {
    try {
      return staging.pending().size();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The files under a lab's inbox and the oldest one's time; unreadable ones are skipped. */
  private static Metrics.Inbox inbox(Path dir) {
    if (!Files.isDirectory(dir)) {
      return new Metrics.Inbox(0, null);
    }
    long[] files = {0};
    Instant[] oldest = {null};
    try (var walk = Files.walk(dir)) {
      walk.forEach(
          p -> {
            try {
              BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
              if (a.isRegularFile()) {
                files[0]++;
                Instant t = a.lastModifiedTime().toInstant();
                if (oldest[0] == null || t.isBefore(oldest[0])) {
                  oldest[0] = t;
                }
              }
            } catch (IOException e) {
              // taken away meanwhile
            }
          });
    } catch (IOException | UncheckedIOException e) {
      // a folder taken away meanwhile: counted as far as the walk came
    }
    return new Metrics.Inbox(files[0], oldest[0]);
  }
}
