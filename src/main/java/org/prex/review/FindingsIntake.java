package org.prex.review;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.config.Policy;
import org.prex.files.Sightings;
import org.prex.ingest.Custody;
import org.prex.ingest.DropBoxClient;
import org.prex.item.Ids;
import org.prex.item.Sha256;
import org.prex.item.StagedItem;
import org.prex.staging.Staging;
import org.prex.submission.Declared;
import org.prex.submission.FindingsManifest;
import org.prex.submission.FindingsParser;
import org.prex.submission.ManifestException;
import org.prex.submission.ManifestItem;
import org.prex.submission.Problems;
import org.prex.submission.StagedSubmission;

/**
 * Takes an agency's findings folder into custody (docs/review-cycle.md), as a lab's submission
 * folder is taken: its {@code findings.yaml} read strictly, every file copied into the findings'
 * own staging while hashed, listed sha256s checked, the finding logged ({@code FINDINGS_RECEIVED},
 * then RECEIVED and STAGED per file) and committed. Only then may the folder leave the drop box.
 * What cannot be taken whole is refused whole: nothing of it is passed on.
 */
final class FindingsIntake {
  /** At most this many files in one findings folder. */
  static final int MAX_FILES = 1000;

  /** At most this many bytes in one findings folder: reports, not weights. */
  static final long MAX_BYTES = 1L << 30;

  private static final int MAX_YAML = 1 << 20;

  /** What became of a folder. */
  sealed interface Outcome {}

  /** In custody (or already was): the folder may be removed. */
  record Taken(String finding) implements Outcome {}

  /** Refused whole: {@code forLog} names lines and counts only, {@code why} tells the agency. */
  record Refused(String lab, String submission, String forLog, String why) implements Outcome {}

  /** A listed file has not arrived yet: looked at again on a later tick. */
  record Waiting() implements Outcome {}

  private final AuditLog log;
  private final Staging staging;
  private final Supplier<Policy> policy;
  private final Clock clock;

  /**
   * When each folder waiting for a listed file was first seen (its files' times are the agency's to
   * set, so the wait runs from the earlier of these and the first sight of it), and what {@link
   * Returns} waits on: kept beside the findings' staging, across reloads and restarts.
   */
  private final Sightings sightings;

  FindingsIntake(AuditLog log, Staging staging, Supplier<Policy> policy, Clock clock) {
    this.log = log;
    this.staging = staging;
    this.policy = policy;
    this.clock = clock;
    this.sightings = new Sightings(staging.root().resolveSibling("first-seen.tsv"));
  }

  /** What has been seen in /returns since when. */
  Sightings sightings() {
    return sightings;
  }

  /** The exchange's clock's time now. */
  Instant now() {
    return clock.instant();
  }

  /** How long an upload under a temporary name may be left before it is taken as it is. */
  Duration partialUploadMaxAge() {
    return policy.get().partialUploadMaxAge();
  }

  /** Whether a returned folder is a findings folder: it holds {@code findings.yaml} at its top. */
  static boolean isFindings(DropBoxClient.Entry folder, List<DropBoxClient.Entry> all) {
    String manifest = folder.path() + "/" + FindingsParser.FILE_NAME;
    return all.stream().anyMatch(e -> !e.directory() && e.path().equals(manifest));
  }

  /**
   * Takes the folder, refuses it, or leaves it to wait for a listed file.
   *
   * @param all every file and folder below it, as listed (and unchanged since the previous poll)
   */
  Outcome take(
      DropBoxClient box, String agency, DropBoxClient.Entry folder, List<DropBoxClient.Entry> all)
      throws IOException {
    Outcome out = takeOrRefuse(box, agency, folder, all);
    if (!(out instanceof Waiting)) {
      sightings.forget(waitingKey(agency, folder));
    }
    return out;
  }

  private Outcome takeOrRefuse(
      DropBoxClient box, String agency, DropBoxClient.Entry folder, List<DropBoxClient.Entry> all)
      throws IOException {
    Map<String, DropBoxClient.Entry> byPath = new LinkedHashMap<>();
    long bytes = 0;
    for (DropBoxClient.Entry e : all) {
      if (!e.directory()) {
        byPath.put(e.path().substring(folder.path().length() + 1), e);
        bytes += e.size();
      }
    }
    if (byPath.size() > MAX_FILES || bytes > MAX_BYTES) {
      String why =
          "a findings folder of "
              + byPath.size()
              + " file(s), "
              + bytes
              + " bytes: at most "
              + MAX_FILES
              + " files and "
              + MAX_BYTES
              + " bytes are taken; nothing of it was read or passed on, and it was removed";
      return new Refused(null, null, why, why);
    }
    DropBoxClient.Entry yamlEntry = byPath.get(FindingsParser.FILE_NAME);
    if (yamlEntry.size() > MAX_YAML) {
      String why = FindingsParser.FILE_NAME + " is over " + MAX_YAML + " bytes";
      return new Refused(null, null, why, why);
    }
    var already = takenBefore(agency, yamlEntry, byPath.values());
    if (already.isPresent()) {
      // taken before a stop cut off its removal: files may be gone, so before anything is missed
      return new Taken(already.get());
    }
    byte[] yaml = read(box, yamlEntry);
    FindingsManifest manifest;
    try {
      manifest = FindingsParser.parse(yaml, policy.get().agencies().keySet(), agency);
    } catch (ManifestException e) {
      return new Refused(
          null,
          null,
          FindingsParser.FILE_NAME
              + " has "
              + e.problems().size()
              + " problem(s), on line(s) "
              + Problems.joined(lines(e.problems()), Problems.IN_REASON),
          FindingsParser.FILE_NAME
              + ": "
              + Problems.joined(e.problems(), Problems.IN_RECEIPT)
              + "; nothing of the folder was passed on, and it was removed");
    }
    ReviewState state = ReviewState.of(log, manifest.submission());
    if (!state.holdings().containsKey(agency)) {
      String why =
          "submission "
              + manifest.submission()
              + " was never delivered to agency "
              + agency
              + ": findings go back only to the lab of a submission the agency holds";
      return new Refused(null, null, why, why);
    }
    String lab = state.lab();
    List<String> missing = new ArrayList<>();
    for (ManifestItem m : manifest.items()) {
      if (!byPath.containsKey(m.path())) {
        missing.add(Integer.toString(m.line()));
      }
    }
    if (!missing.isEmpty()) {
      Duration timeout = policy.get().manifestTimeout();
      Instant since = sightings.since(waitingKey(agency, folder), "", clock.instant());
      for (DropBoxClient.Entry e : byPath.values()) {
        Instant written = Instant.ofEpochMilli(e.modifiedMillis());
        since = written.isBefore(since) ? written : since;
      }
      if (since.plus(timeout).isAfter(clock.instant())) {
        return new Waiting();
      }
      String why =
          "the files listed on line(s) "
              + Problems.joined(missing, Problems.IN_REASON)
              + " of "
              + FindingsParser.FILE_NAME
              + " did not arrive within "
              + timeout
              + "; nothing of the folder was passed on, and it was removed";
      return new Refused(lab, manifest.submission(), why, why);
    }
    return stage(box, agency, lab, folder, byPath, yaml, manifest, fileKey(agency, yamlEntry));
  }

  /**
   * The finding this folder was taken as already, if a removal was cut off after it was taken: its
   * findings.yaml (removed last of its files) has the key of a finding's, and every file still
   * there has the key of a file of that same finding. A new folder that shares some unchanged files
   * with an earlier one (an appendix sent every time, or the same findings.yaml) is a new finding.
   * A key may belong to a finding handled and to one still in custody: each is tried.
   */
  private java.util.Optional<String> takenBefore(
      String agency, DropBoxClient.Entry yaml, java.util.Collection<DropBoxClient.Entry> files)
      throws IOException {
    Map<String, String> custody = staging.custody();
    for (String candidate : takenAs(fileKey(agency, yaml), custody)) {
      boolean all = true;
      for (DropBoxClient.Entry e : files) {
        if (!e.path().equals(yaml.path())
            && !takenAs(fileKey(agency, e), custody).contains(candidate)) {
          all = false;
          break;
        }
      }
      if (all) {
        return java.util.Optional.of(candidate);
      }
    }
    return java.util.Optional.empty();
  }

  /** Every finding an upload key was taken as: handled within seven days, or in custody now. */
  private java.util.Set<String> takenAs(String key, Map<String, String> custody)
      throws IOException {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    staging.handledAs(key).ifPresent(out::add);
    if (custody.containsKey(key)) {
      out.add(custody.get(key));
    }
    return out;
  }

  private Outcome stage(
      DropBoxClient box,
      String agency,
      String lab,
      DropBoxClient.Entry folder,
      Map<String, DropBoxClient.Entry> byPath,
      byte[] yaml,
      FindingsManifest manifest,
      String uploadKey)
      throws IOException {
    String finding = Ids.finding();
    String now = clock.instant().toString();
    Map<String, ManifestItem> listed = new LinkedHashMap<>();
    manifest.items().forEach(m -> listed.put(m.path(), m));
    List<StagedItem> items = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    try {
      for (Map.Entry<String, DropBoxClient.Entry> f : byPath.entrySet()) {
        String path = f.getKey();
        if (path.equals(FindingsParser.FILE_NAME)) {
          continue;
        }
        DropBoxClient.Entry e = f.getValue();
        String itemId = Ids.item();
        String sha;
        try (InputStream in = box.open(e.path())) {
          sha = Custody.take(staging, itemId, in, e.size(), "a findings file").sha256();
        }
        ManifestItem m = listed.get(path);
        if (m != null && m.sha256() != null && !m.sha256().equals(sha)) {
          mismatched.add(Integer.toString(m.line()));
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
                finding,
                lab,
                path,
                e.size(),
                sha,
                now,
                fileKey(agency, e),
                declared,
                m == null ? 0 : m.line(),
                m != null));
      }
    } catch (IOException | RuntimeException e) {
      items.forEach(i -> staging.releaseItem(i.itemId()));
      throw e;
    }
    if (!mismatched.isEmpty()) {
      items.forEach(i -> staging.releaseItem(i.itemId()));
      String why =
          "the files listed on line(s) "
              + Problems.joined(mismatched, Problems.IN_REASON)
              + " of "
              + FindingsParser.FILE_NAME
              + " do not match their sha256; nothing of the folder was passed on, and it was"
              + " removed";
      return new Refused(lab, manifest.submission(), why, why);
    }
    var d = Sha256.newDigest();
    d.update(yaml);
    String yamlSha = Sha256.hex(d);
    StagedSubmission staged =
        new StagedSubmission(
            finding,
            lab,
            now,
            uploadKey,
            new Declared(null, null, null, null, manifest.shareWith(), List.of(), yamlSha),
            null,
            List.of(),
            items,
            folder.name());
    log.append(
        EventDraft.of(EventType.FINDINGS_RECEIVED)
            .lab(lab)
            .submission(manifest.submission())
            .item(finding)
            .agency(agency)
            .sha256Plain(yamlSha)
            .reason(
                "findings folder of "
                    + items.size()
                    + " file(s), "
                    + manifest.items().size()
                    + " listed"
                    + (manifest.shareWith().isEmpty()
                        ? ""
                        : "; share-with " + String.join(", ", manifest.shareWith()))));
    for (StagedItem i : items) {
      log.append(
          EventDraft.of(EventType.RECEIVED)
              .lab(lab)
              .submission(finding)
              .item(i.itemId())
              .agency(agency)
              .reason(
                  "findings file of "
                      + i.size()
                      + " bytes, "
                      + (i.listed()
                          ? "listed on line " + i.line()
                          : "not listed in " + FindingsParser.FILE_NAME)));
    }
    try {
      staging.commit(staged);
    } catch (IOException | RuntimeException e) {
      // not in custody after all: the folder stays, and is taken again later; FINDINGS_RECEIVED
      // without STAGED events is no finding (Pending leaves it out)
      items.forEach(i -> staging.releaseItem(i.itemId()));
      throw e;
    }
    for (StagedItem i : items) {
      log.append(
          EventDraft.of(EventType.STAGED)
              .lab(lab)
              .submission(finding)
              .item(i.itemId())
              .agency(agency)
              .sha256Plain(i.sha256()));
    }
    return new Taken(finding);
  }

  private static String waitingKey(String agency, DropBoxClient.Entry folder) {
    return "waiting\t" + agency + "\t" + folder.path();
  }

  private static List<String> lines(List<String> problems) {
    List<String> out = new ArrayList<>();
    for (String p : problems) {
      var m = java.util.regex.Pattern.compile("^line (\\d+):").matcher(p);
      if (m.find() && !out.contains(m.group(1))) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** Identifies one file of a findings folder as listed, as {@code FolderTaker} does a lab's. */
  private static String fileKey(String agency, DropBoxClient.Entry e) {
    return StagedItem.uploadKey(agency, e.path(), e.size(), e.modifiedMillis(), "findings");
  }

  private static byte[] read(DropBoxClient box, DropBoxClient.Entry e) throws IOException {
    try (InputStream in = box.open(e.path())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
        if (out.size() > MAX_YAML) {
          throw new IOException(FindingsParser.FILE_NAME + " grew while being read");
        }
      }
      return out.toByteArray();
    }
  }
}
