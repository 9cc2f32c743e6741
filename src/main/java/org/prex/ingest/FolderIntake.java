package org.prex.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.prex.audit.AuditLog;
import org.prex.config.Policy;
import org.prex.files.Sightings;
import org.prex.staging.Staging;
import org.prex.submission.ManifestException;
import org.prex.submission.ManifestItem;
import org.prex.submission.ManifestParser;
import org.prex.submission.Problems;
import org.prex.submission.Submission;
import org.prex.submission.SubmissionManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes submission folders ({@code <lab>/inbox/<name>/} holding {@code submission.yaml}; README.md,
 * "Submissions") from the drop box, whole or not at all. A folder is taken when nothing in it is
 * being written, it has not changed since the previous poll, its manifest is present and every
 * listed file is there. It is refused (taken, then rejected with a receipt) when its manifest does
 * not parse or validate, when a listed file has not arrived within the policy's {@code
 * manifest-timeout} of the manifest, when a listed file does not match its sha256, or when a folder
 * has had no manifest for that long. Files present but not listed are taken too, to be quarantined.
 *
 * <p>{@link FolderTaker} then copies it into custody. A folder whose manifest was taken before
 * (sent again identically, or left by a stop) is taken once more only to be refused with a receipt;
 * files a stop left of a folder whose manifest was already removed are only removed.
 */
public final class FolderIntake implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FolderIntake.class);
  private static final int MAX_MANIFEST = 1 << 20;

  /** Opens a session with the drop box, as the exchange's ingest account. */
  public interface Connector {
    DropBoxClient connect() throws IOException;
  }

  /**
   * Where a lab's {@code withdraw.yaml} goes (docs/review-cycle.md): handled, logged and answered
   * there before its folder is removed from the drop box.
   */
  public interface Withdrawals {
    String FILE_NAME = "withdraw.yaml";

    void take(String lab, String folder, byte[] yaml) throws IOException;
  }

  private volatile Withdrawals withdrawals;

  /** Hands folders holding a {@code withdraw.yaml} (and no manifest) to {@code withdrawals}. */
  public FolderIntake withdrawingTo(Withdrawals withdrawals) {
    this.withdrawals = withdrawals;
    return this;
  }

  /**
   * Takes a loose file the SFTP consumer never will, one whose name starts with a dot: the consumer
   * skips such names, and clients use them for an upload's temporary name.
   */
  public interface LooseTaker {
    /** The file, now in custody, as a submission of one item; the caller removes it. */
    Submission take(DropBoxClient box, DropBoxClient.Entry file) throws IOException;
  }

  private volatile LooseTaker dotNamed;
  private volatile Sightings sightings;

  /**
   * Takes a loose file whose name starts with a dot once it has been left unchanged, since this
   * exchange first saw it so, for the policy's {@code partial-upload-max-age}: an upload that will
   * not be renamed, taken and answered like any other (docs/threat-model.md). {@code sightings}
   * keeps those first sightings across reloads and restarts.
   */
  public FolderIntake takingDotNamedFiles(LooseTaker taker, Sightings sightings) {
    // written once a poll, not once a sighting: a lab may leave thousands of dot files
    this.sightings = sightings.deferringSaves();
    this.dotNamed = taker;
    return this;
  }

  private final Connector connector;
  private final Set<String> labs;
  private final Predicate<String> beingWritten;
  private final Staging staging;
  private final AuditLog log;
  private final Policy policy;
  private final Clock clock;
  private final FolderTaker taker;
  private final Map<String, String> lastSeen = new HashMap<>();
  private final Map<String, String> reported = new HashMap<>();

  /**
   * The session to the drop box, kept from one poll to the next: a login costs a key exchange
   * (post-quantum, tens of milliseconds of CPU) that a poll every second would pay again and again.
   * Dropped after any failure, so a broken session is never used twice.
   */
  private DropBoxClient box;

  private boolean disconnect;

  /**
   * When this intake first saw each folder, and each folder's manifest: timeouts run from the later
   * of that and the file's modification time, since a client may preserve old times ({@code put
   * -p}). Kept in memory: after a restart a timeout starts again, never ends early.
   */
  private final Map<String, Instant> firstSeen = new HashMap<>();

  /**
   * @param beingWritten tells, for a path relative to the drop box root, whether an upload into it
   *     is still open (the embedded drop box knows; for an external server pass {@code p -> false}:
   *     the folder must then stay unchanged between two polls)
   */
  public FolderIntake(
      Connector connector,
      Set<String> labs,
      Predicate<String> beingWritten,
      Staging staging,
      AuditLog log,
      Policy policy,
      Clock clock) {
    this.connector = connector;
    this.labs = Set.copyOf(labs);
    this.beingWritten = beingWritten;
    this.staging = staging;
    this.log = log;
    this.policy = policy;
    this.clock = clock;
    this.taker = new FolderTaker(staging, log, clock);
  }

  /**
   * One look at every lab's inbox: the submissions taken, in custody now, for the pipeline. A drop
   * box that cannot be reached, or a folder that cannot be taken yet, is reported once per cause
   * and looked at again on the next poll.
   */
  public synchronized List<Submission> poll() throws IOException {
    List<Submission> taken = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    if (box == null) {
      try {
        box = connector.connect();
      } catch (DropBoxUnavailable e) {
        report("", "cannot look at the drop box's submission folders, retrying: " + e.getMessage());
        return taken;
      }
    }
    report("", null);
    boolean failed = true;
    try {
      Map<String, String> inCustody = staging.custody();
      for (String lab : labs.stream().sorted().toList()) {
        for (DropBoxClient.Entry e : box.list(lab + "/inbox")) {
          if (!e.directory()) {
            if (e.name().startsWith(".")) {
              seen.add(e.path());
              Submission s = dotNamed(box, lab, e);
              if (s != null) {
                taken.add(s);
              }
            }
            continue;
          }
          seen.add(e.path());
          try {
            Submission s = consider(box, lab, e, inCustody);
            if (s != null) {
              taken.add(s);
              forget(e);
            }
            report(e.path(), null);
          } catch (IOException | RuntimeException ex) {
            // the folder stays in the drop box and is looked at again on the next poll, on a new
            // session: this one may be what failed
            disconnect = true;
            report(
                e.path(),
                "a submission folder of lab "
                    + lab
                    + " could not be taken yet, retrying: "
                    + ex.getClass().getName());
          }
        }
      }
      failed = false;
    } finally {
      if (failed || disconnect) {
        close();
      }
      if (sightings != null) {
        sightings.flush(); // what this poll noted, even if it stopped part way
      }
    }
    lastSeen.keySet().retainAll(seen);
    Sightings dots = sightings;
    if (dots != null) {
      dots.forgetIf(
          k ->
              (k.startsWith(DOT) && !seen.contains(k.substring(DOT.length())))
                  || (k.startsWith(TAKEN) && !seen.contains(k.substring(TAKEN.length()))));
      dots.flush();
    }
    firstSeen.keySet().removeIf(k -> !seen.contains(k.substring(0, k.indexOf('\n'))));
    reported.keySet().removeIf(k -> !k.isEmpty() && !seen.contains(k));
    return taken;
  }

  private static final String DOT = "dot\t";

  /** A dot-named file in custody whose removal from the drop box has not succeeded yet. */
  private static final String TAKEN = "taken\t";

  /**
   * A loose file under a temporary (dot) name: taken once left unchanged for
   * partial-upload-max-age, else left for now. Never one being written or a {@code .filepart},
   * which the partial-upload sweep removes instead.
   */
  private Submission dotNamed(DropBoxClient box, String lab, DropBoxClient.Entry e) {
    LooseTaker taking = dotNamed;
    Sightings dots = sightings;
    if (taking == null || dots == null || e.name().endsWith(".filepart")) {
      return null;
    }
    String as = e.size() + "\t" + e.modifiedMillis();
    if (dots.is(TAKEN + e.path(), as)) {
      // taken already, its removal failed: only the removal is tried again, never another copy
      remove(box, lab, e, dots);
      return null;
    }
    if (beingWritten.test(e.path())) {
      // written again, perhaps with the same size and time: its wait starts over once it is whole
      dots.forget(DOT + e.path());
      return null;
    }
    Instant now = Instant.now(clock);
    Instant since = dots.since(DOT + e.path(), as, now);
    if (since.plus(policy.partialUploadMaxAge()).isAfter(now)) {
      return null;
    }
    Submission s;
    try {
      s = taking.take(box, e);
    } catch (IOException | RuntimeException ex) {
      // left in the drop box, to wait again (it may have been renamed away and back), and taken
      // on a later poll, on a new session: this one may be what failed
      dots.forget(DOT + e.path());
      disconnect = true;
      report(
          e.path(),
          "a loose file of lab "
              + lab
              + " under a temporary name could not be taken yet, retrying: "
              + ex.getClass().getName());
      return null;
    }
    dots.forget(DOT + e.path());
    dots.since(TAKEN + e.path(), as, now);
    remove(box, lab, e, dots);
    return s;
  }

  /** Removes a dot-named file in custody; a failure is retried at the next poll, removal only. */
  private void remove(DropBoxClient box, String lab, DropBoxClient.Entry e, Sightings dots) {
    try {
      box.remove(e.path());
      dots.forget(TAKEN + e.path());
      report(e.path(), null);
    } catch (IOException | RuntimeException ex) {
      disconnect = true;
      report(
          e.path(),
          "a loose file of lab "
              + lab
              + " taken from under a temporary name could not be removed from the drop box yet,"
              + " retrying: "
              + ex.getClass().getName());
    }
  }

  /** Ends the session kept between polls; the next poll opens a new one. */
  @Override
  public synchronized void close() {
    disconnect = false;
    if (box != null) {
      box.close();
      box = null;
    }
  }

  /** Logs a problem once until it changes or clears (null), not once a second. */
  private void report(String where, String problem) {
    if (problem == null) {
      reported.remove(where);
    } else if (!problem.equals(reported.put(where, problem))) {
      LOG.warn("{}", problem);
    }
  }

  private Submission consider(
      DropBoxClient box, String lab, DropBoxClient.Entry folder, Map<String, String> inCustody)
      throws IOException {
    String base = folder.path() + "/";
    List<DropBoxClient.Entry> all = box.listTree(folder.path());
    // A manifest taken before means the lab sent the same folder again, or a stop came before it
    // was removed: the folder is taken once more, only to be answered (a receipt, nothing handled)
    Optional<String> takenAs = Optional.empty();
    for (DropBoxClient.Entry e : all) {
      if (!e.directory() && e.path().equals(base + ManifestParser.FILE_NAME)) {
        String key = FolderTaker.fileKey(lab, e);
        takenAs = staging.handledAs(key).or(() -> Optional.ofNullable(inCustody.get(key)));
      }
    }
    List<DropBoxClient.Entry> files = new ArrayList<>();
    boolean removedTaken = false;
    for (DropBoxClient.Entry e : all) {
      if (e.directory()) {
        continue;
      }
      if (beingWritten.test(e.path()) || e.path().endsWith(".filepart")) {
        return null;
      }
      String key = FolderTaker.fileKey(lab, e);
      if (takenAs.isEmpty() && (inCustody.containsKey(key) || staging.handledAs(key).isPresent())) {
        box.remove(e.path()); // what a stop left of a folder taken, its manifest removed already
        removedTaken = true;
        continue;
      }
      files.add(e);
    }
    if (files.isEmpty()) {
      // what it held is in custody already; or it has stayed empty past the timeout
      if (removedTaken || isOlderThanTimeout(folder, "folder", newest(all, folder))) {
        FolderTaker.removeFolder(box, folder, List.of(), all);
        forget(folder);
      }
      return null;
    }
    String snapshot =
        files.stream()
            .map(e -> e.path() + "\t" + e.size() + "\t" + e.modifiedMillis())
            .collect(Collectors.joining("\n"));
    if (!snapshot.equals(lastSeen.put(folder.path(), snapshot))) {
      return null; // changed since the last poll (or first seen): look again next time
    }
    Map<String, DropBoxClient.Entry> byPath = new LinkedHashMap<>();
    for (DropBoxClient.Entry e : files) {
      byPath.put(e.path().substring(base.length()), e);
    }
    FolderTaker.Found found = new FolderTaker.Found(box, lab, folder, byPath, all);
    DropBoxClient.Entry manifestEntry = byPath.get(ManifestParser.FILE_NAME);
    DropBoxClient.Entry withdrawal = byPath.get(Withdrawals.FILE_NAME);
    if (manifestEntry == null && withdrawal != null && withdrawals != null && byPath.size() == 1) {
      // a withdrawal: handled and logged (or refused with a receipt), then removed
      withdrawals.take(
          lab,
          folder.path().substring(Math.min(folder.path().length(), (lab + "/inbox/").length())),
          readManifest(box, withdrawal));
      FolderTaker.removeFolder(box, folder, List.of(withdrawal), all);
      forget(folder);
      return null;
    }
    if (manifestEntry == null) {
      if (!isOlderThanTimeout(folder, "folder", newest(files, folder))) {
        return null;
      }
      return taker.take(
          found,
          null,
          null,
          "the submission folder has had no " + ManifestParser.FILE_NAME + " for " + timeout(),
          List.of(
              "the folder "
                  + folder.path().substring((lab + "/inbox/").length())
                  + " has had no "
                  + ManifestParser.FILE_NAME
                  + " for "
                  + timeout()));
    }
    byte[] yaml = readManifest(box, manifestEntry);
    if (takenAs.isPresent()) {
      String earlier =
          "identical to a submission folder already taken as submission "
              + takenAs.get()
              + " (its "
              + ManifestParser.FILE_NAME
              + " has the same name, size and time): not handled again";
      return taker.take(found, yaml, null, earlier, List.of(earlier));
    }
    SubmissionManifest manifest;
    try {
      manifest =
          ManifestParser.parse(
              yaml, policy.agencies().keySet(), LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    } catch (ManifestException e) {
      return taker.take(
          found,
          yaml,
          null,
          ManifestParser.FILE_NAME
              + " is not acceptable: "
              + e.problems().size()
              + " problem(s) on "
              + lines(e.problems()),
          e.problems());
    }
    Set<String> folders = new HashSet<>();
    for (DropBoxClient.Entry e : all) {
      if (e.directory()) {
        folders.add(e.path().substring(base.length()));
      }
    }
    List<String> notFiles = new ArrayList<>();
    List<String> notFileLines = new ArrayList<>();
    for (ManifestItem i : manifest.items()) {
      if (folders.contains(i.path())) {
        notFiles.add("line " + i.line() + ": " + i.path() + " is a folder; list the files in it");
        notFileLines.add(Integer.toString(i.line()));
      }
    }
    if (!notFiles.isEmpty()) {
      return taker.take(
          found,
          yaml,
          manifest,
          "the paths on line(s) "
              + Problems.joined(notFileLines, Problems.IN_REASON)
              + " of "
              + ManifestParser.FILE_NAME
              + " are folders, not files",
          notFiles);
    }
    List<String> missing = new ArrayList<>();
    List<String> missingLines = new ArrayList<>();
    for (ManifestItem i : manifest.items()) {
      if (!byPath.containsKey(i.path())) {
        missing.add("line " + i.line() + ": " + i.path() + " has not arrived");
        missingLines.add(Integer.toString(i.line()));
      }
    }
    if (!missing.isEmpty()) {
      if (!isOlderThanTimeout(
          folder, "manifest", Instant.ofEpochMilli(manifestEntry.modifiedMillis()))) {
        return null;
      }
      return taker.take(
          found,
          yaml,
          manifest,
          "the files listed on line(s) "
              + Problems.joined(missingLines, Problems.IN_REASON)
              + " of "
              + ManifestParser.FILE_NAME
              + " did not arrive within the manifest timeout of "
              + timeout(),
          missing.stream().map(m -> m + " within " + timeout()).toList());
    }
    return releaseWindow(found, yaml, manifest);
  }

  /**
   * The policy's release window (docs/review-cycle.md): a release date further ahead than it is
   * flagged in the log and the receipt, or, with {@code outside: reject}, refused.
   */
  private Submission releaseWindow(
      FolderTaker.Found found, byte[] yaml, SubmissionManifest manifest) throws IOException {
    long ahead =
        java.time.temporal.ChronoUnit.DAYS.between(
            LocalDate.now(clock.withZone(ZoneOffset.UTC)), manifest.releaseDate());
    int window = policy.review().releaseWindowDays();
    if (ahead <= window) {
      return taker.take(found, yaml, manifest, null, List.of());
    }
    String note =
        "outside the release window: release is "
            + ahead
            + " days ahead, the policy's release-window is "
            + window
            + " days";
    if (policy.review().rejectOutsideWindow()) {
      return taker.take(
          found,
          yaml,
          manifest,
          "release-date is " + note.substring("outside the release window: release is ".length()),
          List.of("release-date " + manifest.releaseDate() + " is " + note));
    }
    return taker.take(found, yaml, manifest, null, List.of(), note);
  }

  /** A folder taken or removed is forgotten: its name may come back as a new submission. */
  private void forget(DropBoxClient.Entry folder) {
    lastSeen.remove(folder.path());
    firstSeen.keySet().removeIf(k -> k.startsWith(folder.path() + "\n"));
  }

  private static byte[] readManifest(DropBoxClient box, DropBoxClient.Entry e) throws IOException {
    try (InputStream in = box.open(e.path())) {
      return in.readNBytes(MAX_MANIFEST + 1);
    }
  }

  private Instant newest(List<DropBoxClient.Entry> entries, DropBoxClient.Entry folder) {
    long newest = folder.modifiedMillis();
    for (DropBoxClient.Entry e : entries) {
      newest = Math.max(newest, e.modifiedMillis());
    }
    return Instant.ofEpochMilli(newest);
  }

  /**
   * Whether {@code what} of the folder has waited longer than the manifest timeout: since the later
   * of {@code modified} and when this intake first saw it.
   */
  private boolean isOlderThanTimeout(DropBoxClient.Entry folder, String what, Instant modified) {
    Instant now = Instant.now(clock);
    Instant seen = firstSeen.computeIfAbsent(folder.path() + "\n" + what, k -> now);
    Instant since = seen.isAfter(modified) ? seen : modified;
    return Duration.between(since, now).compareTo(policy.manifestTimeout()) > 0;
  }

  private String timeout() {
    return policy.manifestTimeout().toString();
  }

  private static String lines(List<String> problems) {
    List<String> lines = new ArrayList<>();
    for (String p : problems) {
      if (p.startsWith("line ")) {
        int end = p.indexOf(':');
        if (end > 5) {
          lines.add(p.substring(0, end));
        }
      }
    }
    return lines.isEmpty() ? "the whole file" : Problems.joined(lines, Problems.IN_REASON);
  }
}
