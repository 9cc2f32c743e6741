package org.prex.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.item.Ids;
import org.prex.item.Sha256;
import org.prex.item.StagedItem;
import org.prex.staging.Staging;
import org.prex.submission.Declared;
import org.prex.submission.ManifestItem;
import org.prex.submission.ManifestParser;
import org.prex.submission.Problems;
import org.prex.submission.StagedSubmission;
import org.prex.submission.Submission;
import org.prex.submission.SubmissionManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one submission folder that {@link FolderIntake} found ready (or refused) into custody:
 * copies every file into staging while hashing it ({@link Custody}), checks listed sha256s, commits
 * and logs the submission, and only then removes the folder from the drop box.
 */
record FolderTaker(Staging staging, AuditLog log, Clock clock) {
  private static final Logger LOG = LoggerFactory.getLogger(FolderTaker.class);

  /** A submission folder as listed: where it is, whose, and its files by path in the folder. */
  record Found(
      DropBoxClient box,
      String lab,
      DropBoxClient.Entry folder,
      Map<String, DropBoxClient.Entry> byPath,
      List<DropBoxClient.Entry> all) {}

  /**
   * Copies every file into staging (hashing it), checks listed sha256s, commits and logs the
   * submission, then removes the folder from the drop box.
   */
  Submission take(
      Found found,
      byte[] yaml,
      SubmissionManifest manifest,
      String rejection,
      List<String> problems)
      throws IOException {
    return take(found, yaml, manifest, rejection, problems, null);
  }

  /**
   * As above; {@code windowNote} (or null) says that the release date lies outside the policy's
   * release window, for the log and the lab's receipt.
   */
  Submission take(
      Found found,
      byte[] yaml,
      SubmissionManifest manifest,
      String rejection,
      List<String> problems,
      String windowNote)
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
        String sha;
        try (InputStream in = box.open(e.path())) {
          sha = Custody.take(staging, itemId, in, e.size(), "a file").sha256();
        }
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
              + Problems.joined(mismatched, Problems.IN_REASON)
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
            ? new Declared(
                yaml == null ? null : ManifestParser.referenceOf(yaml).orElse(null),
                null,
                null,
                null,
                null,
                List.of(),
                manifestSha)
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
            submissionId,
            lab,
            now,
            submissionKey,
            declared,
            rejection,
            problems,
            items,
            folder.path().substring(Math.min(folder.path().length(), (lab + "/inbox/").length())));
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
          itemEvent(EventType.RECEIVED, lab, submissionId, i)
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
      log.append(itemEvent(EventType.STAGED, lab, submissionId, i).sha256Plain(i.sha256()));
    }
    if (manifest != null && rejection == null) {
      scheduleRelease(lab, submissionId, manifest, items, windowNote);
    }
    removeFolder(box, folder, new ArrayList<>(byPath.values()), found.all());
    LOG.info("submission {} of lab {} taken: {} file(s)", submissionId, lab, items.size());
    return Submission.of(staged);
  }

  /**
   * The submission's release, in the log (docs/review-cycle.md): what its release and retention
   * notices are due by, the key its reference is found by for a withdrawal, and each item the
   * manifest marks {@code decontrol-on-release}.
   */
  private void scheduleRelease(
      String lab,
      String submissionId,
      SubmissionManifest manifest,
      List<StagedItem> items,
      String windowNote) {
    String release = "release-date " + manifest.releaseDate();
    log.appendOnce(
        EventDraft.of(EventType.RELEASE_SCHEDULED)
            .lab(lab)
            .submission(submissionId)
            .sha256Plain(SubmissionManifest.referenceKey(lab, manifest.reference()))
            .reason(windowNote == null ? release : release + "; " + windowNote));
    Map<String, Boolean> decontrol = new HashMap<>();
    manifest.items().forEach(m -> decontrol.put(m.path(), m.decontrolOnRelease()));
    for (StagedItem i : items) {
      if (Boolean.TRUE.equals(decontrol.get(i.path()))) {
        log.appendOnce(
            itemEvent(EventType.RELEASE_SCHEDULED, lab, submissionId, i)
                .reason(release + "; decontrol-on-release"));
      }
    }
  }

  /** An event about one file of the submission. */
  private static EventDraft itemEvent(EventType type, String lab, String submission, StagedItem i) {
    return EventDraft.of(type).lab(lab).submission(submission).item(i.itemId());
  }

  /** Removes what was taken; a folder that gained files meanwhile stays, to be looked at again. */
  static void removeFolder(
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
  }

  /** Identifies one file of a folder as listed: taken again after a stop, it is recognised. */
  static String fileKey(String lab, DropBoxClient.Entry e) {
    return StagedItem.uploadKey(lab, e.path(), e.size(), e.modifiedMillis(), "folder");
  }
}
