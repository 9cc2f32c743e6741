package org.prex.staging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.prex.files.OwnerOnly;
import org.prex.files.Trees;
import org.prex.item.Ids;
import org.prex.item.StagedItem;
import org.prex.submission.StagedSubmission;

/**
 * The staging folder: the only place plaintext exists. Each item's plaintext is in {@code
 * <staging>/<item-id>/content}; each submission has {@code <staging>/<submission-id>/} holding
 * {@code submission.json} (written last, atomically: the commit point of taking it), {@code
 * attempts.json} once handling it failed ({@link Attempts}) and, under {@code sealed/<agency>/},
 * its agency packages until delivered. Work interrupted by a crash is found again at start from the
 * committed submissions.
 */
public final class Staging {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final String COMMITTED = "submission.json";
  private static final String ATTEMPTS = "attempts.json";

  /** Where large items are sealed ahead of routing (transfer.Presealer); emptied at start. */
  public static final String PRESEALED = "preseal";

  /**
   * Where receipts are written and signed before they are sent (receipt.Receipts); emptied at
   * start.
   */
  public static final String RECEIPTS = "receipts-out";

  private final Path root;
  private final String kind;

  public Staging(Path root) {
    this(root, "s-");
  }

  /**
   * @param kind the prefix of the ids of what is staged here as a submission: {@code s-} for labs'
   *     submissions, {@code f-} for agencies' findings (docs/review-cycle.md), kept apart so that
   *     neither is ever resumed as the other
   */
  public Staging(Path root, String kind) {
    this.root = root;
    this.kind = kind;
  }

  public Path root() {
    return root;
  }

  /**
   * Where versions before the custody step downloaded loose files before taking them: uploads now
   * stream straight into their item folder, so anything here is a leftover, removed at start.
   */
  private Path formerDownloads() {
    return root.resolve("incoming");
  }

  public Path itemDir(String itemId) {
    if (!Ids.isId(itemId) || !itemId.startsWith("i-")) {
      throw new IllegalArgumentException("not an item id: " + itemId);
    }
    return root.resolve(itemId);
  }

  public Path content(String itemId) {
    return itemDir(itemId).resolve("content");
  }

  public Path submissionDir(String submissionId) {
    if (!Ids.isId(submissionId) || !submissionId.startsWith(kind)) {
      throw new IllegalArgumentException("not a submission id: " + submissionId);
    }
    return root.resolve(submissionId);
  }

  /** Where the sealed package of one agency's transfer waits until delivered. */
  public Path sealed(String submissionId, String agency) {
    return submissionDir(submissionId).resolve("sealed").resolve(agency);
  }

  /**
   * Records the submission last, atomically, once every item's content is in place: item folders no
   * committed submission names are an aborted take.
   */
  public void commit(StagedSubmission submission) throws IOException {
    Path dir = submissionDir(submission.submissionId());
    OwnerOnly.createFolders(dir);
    Path tmp = dir.resolve(COMMITTED + ".tmp");
    try (var out = OwnerOnly.newOutputStream(tmp)) {
      JSON.writeValue(out, submission);
    }
    Files.move(tmp, dir.resolve(COMMITTED), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Counts one more failed attempt at handling a committed submission, with why, and returns the
   * count; -1 if the submission is no longer staged (it was released meanwhile), in which case
   * nothing is written. An attempts file that cannot be read counts as one failed attempt and is
   * replaced.
   */
  public synchronized int recordFailure(String submissionId, String reason) throws IOException {
    Path dir = submissionDir(submissionId);
    if (!Files.isRegularFile(dir.resolve(COMMITTED))) {
      return -1;
    }
    int before;
    try {
      before = attempts(submissionId).failures();
    } catch (IOException | RuntimeException unreadable) {
      // damaged (cut short, not JSON, out of range): it exists only once an attempt failed, so it
      // stands for one; counting on, never stopping, is what lets the submission be given up
      before = 1;
    }
    Attempts now = new Attempts(before == Integer.MAX_VALUE ? before : before + 1, reason);
    Path tmp = dir.resolve(ATTEMPTS + ".tmp");
    try (var out = OwnerOnly.newOutputStream(tmp)) {
      JSON.writeValue(out, now);
    }
    Files.move(tmp, dir.resolve(ATTEMPTS), StandardCopyOption.ATOMIC_MOVE);
    return now.failures();
  }

  /** The failed attempts at handling a staged submission so far ({@link Attempts#NONE} if none). */
  public Attempts attempts(String submissionId) throws IOException {
    Path file = submissionDir(submissionId).resolve(ATTEMPTS);
    return Files.isRegularFile(file)
        ? JSON.readValue(file.toFile(), Attempts.class)
        : Attempts.NONE;
  }

  /** Submissions taken but not yet fully handled (e.g. interrupted by a crash), oldest first. */
  public List<StagedSubmission> pending() throws IOException {
    List<StagedSubmission> out = new ArrayList<>();
    for (Path dir : dirs(kind)) {
      Path meta = dir.resolve(COMMITTED);
      if (Files.isRegularFile(meta)) {
        out.add(JSON.readValue(meta.toFile(), StagedSubmission.class));
      }
    }
    out.sort(Comparator.comparing(StagedSubmission::receivedAt));
    return out;
  }

  /**
   * At start, before anything is taken: removes downloads and takes that a stop cut off. Their
   * uploads are still in the drop box (it keeps them until a take is committed), so nothing is
   * lost. Markers of handled uploads older than seven days go too.
   */
  public void removeAborted() throws IOException {
    delete(formerDownloads());
    // messages sealed ahead of routing by a run that stopped (transfer.Presealer): never used
    delete(root.resolve(PRESEALED));
    // receipts a run that stopped was writing: made again from the log when they are sent
    delete(root.resolve(RECEIPTS));
    if (Files.isDirectory(taken())) {
      Instant horizon = Instant.now().minus(Duration.ofDays(7));
      try (Stream<Path> markers = Files.list(taken())) {
        for (Path m : markers.toList()) {
          if (Files.getLastModifiedTime(m).toInstant().isBefore(horizon)) {
            Files.delete(m);
          }
        }
      }
    }
    Set<String> kept = new HashSet<>();
    for (StagedSubmission s : pending()) {
      s.items().forEach(i -> kept.add(i.itemId()));
    }
    for (Path dir : dirs(kind)) {
      if (!Files.isRegularFile(dir.resolve(COMMITTED))) {
        delete(dir);
      }
    }
    for (Path dir : dirs("i-")) {
      if (!kept.contains(dir.getFileName().toString())) {
        delete(dir);
      }
    }
  }

  private List<Path> dirs(String kind) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(
              d -> {
                String name = d.getFileName().toString();
                return name.startsWith(kind) && Ids.isId(name);
              })
          .sorted()
          .toList();
    }
  }

  /** Removes one item's plaintext (it was sealed into quarantine or every package). */
  public void releaseItem(String itemId) {
    delete(itemDir(itemId));
  }

  /**
   * Ends the submission's time in staging: every item's plaintext and the submission folder go,
   * leaving only markers of the uploads it came from, so that the same uploads are not taken twice
   * should the drop box still hold them after a stop.
   */
  public void release(StagedSubmission submission) {
    try {
      OwnerOnly.createFolders(taken());
      OwnerOnly.writeString(taken().resolve(submission.uploadKey()), submission.submissionId());
      for (StagedItem item : submission.items()) {
        if (item.uploadKey() != null) {
          OwnerOnly.writeString(taken().resolve(item.uploadKey()), submission.submissionId());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot mark submission " + submission.submissionId() + " as taken", e);
    }
    for (StagedItem item : submission.items()) {
      delete(itemDir(item.itemId()));
    }
    delete(submissionDir(submission.submissionId()));
  }

  /**
   * The submission an upload was taken as, if it is in custody now or was handled within the last
   * seven days.
   */
  public Optional<String> takenAs(String uploadKey) throws IOException {
    Optional<String> handled = handledAs(uploadKey);
    return handled.isPresent() ? handled : Optional.ofNullable(custody().get(uploadKey));
  }

  /** The upload keys of every submission in staging now, each with that submission's id. */
  public Map<String, String> custody() throws IOException {
    Map<String, String> keys = new HashMap<>();
    for (StagedSubmission s : pending()) {
      keys.put(s.uploadKey(), s.submissionId());
      s.items().forEach(i -> keys.put(i.uploadKey(), s.submissionId()));
    }
    return keys;
  }

  /** The submission this upload became, if it was handled to the end within the last 7 days. */
  public Optional<String> handledAs(String uploadKey) throws IOException {
    Path marker = taken().resolve(uploadKey);
    return Files.isRegularFile(marker)
        ? Optional.of(Files.readString(marker).trim())
        : Optional.empty();
  }

  /** Markers of uploads handled (hashes only, no content): beside staging, in the data folder. */
  private Path taken() {
    return root.resolveSibling("taken");
  }

  private static void delete(Path dir) {
    try {
      Trees.deleteIfExists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove staged " + dir.getFileName(), e);
    }
  }
}
