package org.prex.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.config.Policy;
import org.prex.item.Ids;
import org.prex.item.Sha256;
import org.prex.item.StagedItem;
import org.prex.staging.Staging;
import org.prex.submission.Declared;
import org.prex.submission.ManifestException;
import org.prex.submission.ManifestItem;
import org.prex.submission.ManifestParser;
import org.prex.submission.StagedSubmission;
import org.prex.submission.Submission;
import org.prex.submission.SubmissionManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes submission folders ({@code <lab>/inbox/<name>/} holding {@code submission.yaml}, SPEC §4)
 * from the drop box, whole or not at all. A folder is taken when nothing in it is being written, it
 * has not changed since the previous poll, its manifest is present and every listed file is there.
 * It is refused (taken, then rejected with a receipt) when its manifest does not parse or validate,
 * when a listed file has not arrived within the policy's {@code manifest-timeout} of the manifest,
 * when a listed file does not match its sha256, or when a folder has had no manifest for that long.
 * Files present but not listed are taken too, to be quarantined.
 *
 * <p>Every file is copied into staging while hashed, the submission is committed and logged, and
 * only then is the folder removed from the drop box. Files already in custody (a stop came before
 * they were removed) are recognised by their upload keys and only removed.
 */
public final class FolderIntake {
  private static final Logger LOG = LoggerFactory.getLogger(FolderIntake.class);
  private static final int MAX_MANIFEST = 1 << 20;

  /** Opens a session with the drop box, as the exchange's ingest account. */
  public interface Connector {
    DropBoxClient connect() throws IOException;
  }

  private final Connector connector;
  private final Set<String> labs;
  private final Predicate<String> beingWritten;
  private final Staging staging;
  private final AuditLog log;
  private final Policy policy;
  private final Clock clock;
  private final Map<String, String> lastSeen = new HashMap<>();
  private final Map<String, String> reported = new HashMap<>();

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
  }

  /**
   * One look at every lab's inbox: the submissions taken, in custody now, for the pipeline. A drop
   * box that cannot be reached, or a folder that cannot be taken yet, is reported once per cause
   * and looked at again on the next poll.
   */
  public synchronized List<Submission> poll() throws IOException {
    List<Submission> taken = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    DropBoxClient box;
    try {
      box = connector.connect();
    } catch (DropBoxUnavailable e) {
      report("", "cannot look at the drop box's submission folders, retrying: " + e.getMessage());
      return taken;
    }
    report("", null);
    try (box) {
      Set<String> inCustody = inCustody();
      for (String lab : labs.stream().sorted().toList()) {
        for (DropBoxClient.Entry e : box.list(lab + "/inbox")) {
          if (!e.directory()) {
            continue;
          }
          seen.add(e.path());
          try {
            Submission s = consider(box, lab, e, inCustody);
            if (s != null) {
              taken.add(s);
            }
            report(e.path(), null);
          } catch (IOException | RuntimeException ex) {
            // the folder stays in the drop box and is looked at again on the next poll
            report(
                e.path(),
                "a submission folder of lab "
                    + lab
                    + " could not be taken yet, retrying: "
                    + ex.getClass().getName());
          }
        }
      }
    }
    lastSeen.keySet().retainAll(seen);
    firstSeen.keySet().removeIf(k -> !seen.contains(k.substring(0, k.indexOf('\n'))));
    reported.keySet().removeIf(k -> !k.isEmpty() && !seen.contains(k));
    return taken;
  }

  /** Logs a problem once until it changes or clears (null), not once a second. */
  private void report(String where, String problem) {
    if (problem == null) {
      reported.remove(where);
    } else if (!problem.equals(reported.put(where, problem))) {
      LOG.warn("{}", problem);
    }
  }

  private Set<String> inCustody() throws IOException {
    Set<String> keys = new HashSet<>();
    for (StagedSubmission s : staging.pending()) {
      keys.add(s.uploadKey());
      s.items().forEach(i -> keys.add(i.uploadKey()));
    }
    return keys;
  }

  private Submission consider(
      DropBoxClient box, String lab, DropBoxClient.Entry folder, Set<String> inCustody)
      throws IOException {
    String base = folder.path() + "/";
    List<DropBoxClient.Entry> all = box.listTree(folder.path());
    // A manifest taken before means the lab sent the same folder again, or a stop came before it
    // was removed: the folder is taken once more, only to be answered (a receipt, nothing handled)
    Optional<String> takenAs = Optional.empty();
    for (DropBoxClient.Entry e : all) {
      if (!e.directory() && e.path().equals(base + ManifestParser.FILE_NAME)) {
        takenAs = staging.takenAs(fileKey(lab, e));
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
      String key = fileKey(lab, e);
      if (takenAs.isEmpty() && (inCustody.contains(key) || staging.wasHandled(key))) {
        box.remove(e.path()); // what a stop left of a folder taken, its manifest removed already
        removedTaken = true;
        continue;
      }
      files.add(e);
    }
    if (files.isEmpty()) {
      // what it held is in custody already; or it has stayed empty past the timeout
      if (removedTaken || isOlderThanTimeout(folder, "folder", newest(all, folder))) {
        removeFolder(box, folder, List.of(), all);
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
    Found found = new Found(box, lab, folder, byPath, all);
    DropBoxClient.Entry manifestEntry = byPath.get(ManifestParser.FILE_NAME);
    if (manifestEntry == null) {
      if (!isOlderThanTimeout(folder, "folder", newest(files, folder))) {
        return null;
      }
      return take(
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
      return take(found, yaml, null, earlier, List.of(earlier));
    }
    SubmissionManifest manifest;
    try {
      manifest =
          ManifestParser.parse(
              yaml, policy.agencies().keySet(), LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    } catch (ManifestException e) {
      return take(
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
      return take(
          found,
          yaml,
          manifest,
          "the paths on line(s) "
              + String.join(", ", notFileLines)
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
      return take(
          found,
          yaml,
          manifest,
          "the files listed on line(s) "
              + String.join(", ", missingLines)
              + " of "
              + ManifestParser.FILE_NAME
              + " did not arrive within the manifest timeout of "
              + timeout(),
          missing.stream().map(m -> m + " within " + timeout()).toList());
    }
    return take(found, yaml, manifest, null, List.of());
  }

  /** A submission folder as listed: where it is, whose, and its files by path in the folder. */
  private record Found(
      DropBoxClient box,
      String lab,
      DropBoxClient.Entry folder,
      Map<String, DropBoxClient.Entry> byPath,
      List<DropBoxClient.Entry> all) {}

  /**
   * Copies every file into staging (hashing it), checks listed sha256s, commits and logs the
   * submission, then removes the folder from the drop box.
   */
  private Submission take(
      Found found,
      byte[] yaml,
      SubmissionManifest manifest,
      String rejection,
      List<String> problems)
      throws IOException {
    DropBoxClient box = found.box();
    String lab = found.lab();
    DropBoxClient.Entry folder = found.folder();
    Map<String, DropBoxClient.Entry> byPath = found.byPath();
    String submissionId = Ids.submission();
    String now = Instant.now(clock).toString();
    Map<String, ManifestItem> listed = new HashMap<>();
    if (manifest != null) {
      manifest.items().forEach(i -> listed.put(i.path(), i));
    }
    List<StagedItem> items = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    List<String> mismatchProblems = new ArrayList<>();
    try {
      for (Map.Entry<String, DropBoxClient.Entry> f : byPath.entrySet()) {
        String path = f.getKey();
        DropBoxClient.Entry e = f.getValue();
        if (path.equals(ManifestParser.FILE_NAME)) {
          continue;
        }
        String itemId = Ids.item();
        String sha = copy(box, e, staging.content(itemId));
        ManifestItem m = listed.get(path);
        if (m != null && m.sha256() != null && !m.sha256().equals(sha)) {
          mismatched.add(Integer.toString(m.line()));
          mismatchProblems.add(
              "line "
                  + m.line()
                  + ": "
                  + path
                  + " does not match its sha256 (received "
                  + sha
                  + ")");
        }
        String declared =
            m == null
                ? null
                : m.designation() != null
                    ? m.designation().toString()
                    : manifest.designation() == null ? null : manifest.designation().toString();
        items.add(
            new StagedItem(
                itemId,
                submissionId,
                lab,
                path,
                e.size(),
                sha,
                now,
                fileKey(lab, e),
                declared,
                m == null ? 0 : m.line(),
                manifest == null || m != null));
      }
    } catch (IOException | RuntimeException e) {
      for (StagedItem i : items) {
        staging.releaseItem(i.itemId());
      }
      throw e;
    }
    if (rejection == null && !mismatched.isEmpty()) {
      rejection =
          "the files listed on line(s) "
              + String.join(", ", mismatched)
              + " of "
              + ManifestParser.FILE_NAME
              + " do not match their sha256";
      problems = mismatchProblems;
    }
    String manifestSha = null;
    if (yaml != null) {
      MessageDigest d = Sha256.newDigest();
      d.update(yaml);
      manifestSha = Sha256.hex(d);
    }
    Declared declared =
        manifest == null
            ? new Declared(null, null, null, null, null, List.of(), manifestSha)
            : new Declared(
                manifest.reference(),
                manifest.modelName(),
                manifest.modelVersion(),
                manifest.releaseDate().toString(),
                manifest.recipients(),
                manifest.disseminationList(),
                manifestSha);
    DropBoxClient.Entry manifestEntry = byPath.get(ManifestParser.FILE_NAME);
    String submissionKey =
        manifestEntry != null
            ? fileKey(lab, manifestEntry)
            : StagedItem.uploadKey(lab, folder.path(), 0, folder.modifiedMillis(), submissionId);
    StagedSubmission staged =
        new StagedSubmission(
            submissionId, lab, now, submissionKey, declared, rejection, problems, items);
    log.append(
        EventDraft.of(EventType.RECEIVED)
            .lab(lab)
            .submission(submissionId)
            .sha256Plain(manifestSha)
            .reason(
                "submission folder of "
                    + items.size()
                    + " file(s)"
                    + (manifest == null ? "" : ", " + manifest.items().size() + " listed")));
    for (StagedItem i : items) {
      log.append(
          EventDraft.of(EventType.RECEIVED)
              .lab(lab)
              .submission(submissionId)
              .item(i.itemId())
              .reason(
                  "file of "
                      + i.size()
                      + " bytes, "
                      + (i.listed()
                          ? "listed on line " + i.line()
                          : "not listed in " + ManifestParser.FILE_NAME)));
    }
    staging.commit(staged);
    for (StagedItem i : items) {
      log.append(
          EventDraft.of(EventType.STAGED)
              .lab(lab)
              .submission(submissionId)
              .item(i.itemId())
              .sha256Plain(i.sha256()));
    }
    removeFolder(box, folder, new ArrayList<>(byPath.values()), found.all());
    LOG.info("submission {} of lab {} taken: {} file(s)", submissionId, lab, items.size());
    return Submission.of(staged);
  }

  /** Removes what was taken; a folder that gained files meanwhile stays, to be looked at again. */
  private void removeFolder(
      DropBoxClient box,
      DropBoxClient.Entry folder,
      List<DropBoxClient.Entry> files,
      List<DropBoxClient.Entry> all) {
    try {
      for (DropBoxClient.Entry f : files) {
        box.remove(f.path());
      }
      List<DropBoxClient.Entry> dirs =
          all.stream()
              .filter(DropBoxClient.Entry::directory)
              .sorted(Comparator.comparing((DropBoxClient.Entry e) -> e.path()).reversed())
              .toList();
      for (DropBoxClient.Entry d : dirs) {
        box.removeDir(d.path());
      }
      box.removeDir(folder.path());
    } catch (IOException e) {
      LOG.warn(
          "a taken submission folder could not be removed from the drop box yet: {}",
          e.getClass().getName());
    }
    lastSeen.remove(folder.path());
    firstSeen.keySet().removeIf(k -> k.startsWith(folder.path() + "\n"));
  }

  private static String copy(DropBoxClient box, DropBoxClient.Entry e, Path target)
      throws IOException {
    Files.createDirectories(target.getParent());
    MessageDigest sha = Sha256.newDigest();
    long copied;
    try (InputStream in = box.open(e.path());
        OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha)) {
      copied = in.transferTo(out);
    }
    if (copied != e.size()) {
      throw new IOException(
          "a file changed while being taken: listed " + e.size() + " bytes, read " + copied);
    }
    return Sha256.hex(sha);
  }

  private static byte[] readManifest(DropBoxClient box, DropBoxClient.Entry e) throws IOException {
    try (InputStream in = box.open(e.path())) {
      return in.readNBytes(MAX_MANIFEST + 1);
    }
  }

  /** Identifies one file of a folder as listed: taken again after a stop, it is recognised. */
  private static String fileKey(String lab, DropBoxClient.Entry e) {
    return StagedItem.uploadKey(lab, e.path(), e.size(), e.modifiedMillis(), "folder");
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
    return lines.isEmpty() ? "the whole file" : String.join(", ", lines);
  }
}
