package org.prex.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes partial uploads nobody finishes, in labs' {@code /inbox} and agencies' {@code /returns}:
 * an upload whose client went away before closing it (kept as incomplete by {@link OpenWrites}), or
 * one left under a client's temporary name (WinSCP's {@code .filepart}), once it has not been
 * written for {@link DropBoxLimits#partialUploadMaxAge()}. A file open for writing is never
 * touched. Each removal is logged (lab, size, age; the name only as a hash).
 */
final class StalePartials implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(StalePartials.class);
  private static final Set<String> TEMPORARY_SUFFIXES = Set.of(".filepart");

  private final Path root;
  private final List<Area> areas;
  private final OpenWrites writes;
  private final InboxQuotas quotas;
  private final Duration maxAge;

  /** Where an account uploads: a lab's {@code inbox}, an agency's {@code returns}. */
  private record Area(String owner, String name, Account account) {}

  StalePartials(
      Path root, Set<String> labs, OpenWrites writes, InboxQuotas quotas, Duration maxAge) {
    this(root, labs, Set.of(), writes, quotas, maxAge);
  }

  StalePartials(
      Path root,
      Set<String> labs,
      Set<String> agencies,
      OpenWrites writes,
      InboxQuotas quotas,
      Duration maxAge) {
    this.root = root;
    List<Area> all = new ArrayList<>();
    new java.util.TreeSet<>(labs)
        .forEach(l -> all.add(new Area(l, AccessPolicy.INBOX, Account.lab(l))));
    new java.util.TreeSet<>(agencies)
        .forEach(a -> all.add(new Area(a, AccessPolicy.RETURNS, Account.agency(a))));
    this.areas = List.copyOf(all);
    this.writes = writes;
    this.quotas = quotas;
    this.maxAge = maxAge;
  }

  /** How often to look: often enough that a partial goes soon after its age, at most 10 min. */
  Duration interval() {
    Duration quarter = maxAge.dividedBy(4);
    Duration tenMinutes = Duration.ofMinutes(10);
    Duration second = Duration.ofSeconds(1);
    return quarter.compareTo(tenMinutes) > 0
        ? tenMinutes
        : quarter.compareTo(second) < 0 ? second : quarter;
  }

  @Override
  public void run() {
    try {
      sweep(Instant.now());
    } catch (RuntimeException e) {
      LOG.warn("partial-upload sweep failed: {}", e.toString());
    }
  }

  /** Removes what is stale at {@code now}; returns how many files went. */
  int sweep(Instant now) {
    int removed = 0;
    for (Area area : areas) {
      String lab = area.owner();
      Path inbox = root.resolve(lab).resolve(area.name());
      for (Path file : files(inbox)) {
        String key = lab + "/" + area.name() + "/" + rel(inbox, file);
        boolean partial =
            writes.isIncomplete(key)
                || TEMPORARY_SUFFIXES.stream()
                    .anyMatch(s -> file.getFileName().toString().endsWith(s));
        if (!partial || writes.isOpen(key)) {
          continue;
        }
        try {
          BasicFileAttributes a =
              Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          Instant written = a.lastModifiedTime().toInstant();
          if (Duration.between(written, now).compareTo(maxAge) <= 0 || writes.isOpen(key)) {
            continue;
          }
          Files.delete(file);
          writes.removed(key);
          quotas.changed(lab);
          removed++;
          VirtualPath path = VirtualPath.parse(area.name() + "/" + rel(inbox, file)).get();
          LOG.info(
              "removed a partial upload of {} {} ({}, {} bytes, last written {}): older than"
                  + " partial-upload-max-age {}",
              area.account().isAgency() ? "agency" : "lab",
              lab,
              LogSafe.path(area.account(), path),
              a.size(),
              written,
              maxAge);
        } catch (IOException e) {
          LOG.debug("partial upload not removed: {}", e.getClass().getName());
        }
      }
    }
    return removed;
  }

  private static List<Path> files(Path inbox) {
    if (!Files.isDirectory(inbox, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (Stream<Path> all = Files.walk(inbox)) {
      all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(out::add);
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("cannot list an inbox for the partial-upload sweep: {}", e.getClass().getName());
    }
    return out;
  }

  private static String rel(Path inbox, Path file) {
    return inbox.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }
}
