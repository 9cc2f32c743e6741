package org.prex.quarantine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.files.OwnerOnly;
import org.prex.item.Hold;
import org.prex.item.Item;
import org.prex.item.Sha256;
import org.prex.item.StagedItem;
import org.prex.seal.PublicCert;
import org.prex.seal.SealFormat;
import org.prex.seal.Sealer;
import org.prex.staging.Staging;
import org.prex.submission.Submission;
import org.prex.workflow.SubmissionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where items go that must reach no agency: sealed to the security officer's key ({@code
 * keys/exchange/quarantine.asc}) into {@code data/quarantine/<item-id>.pgp}, with a sealed note
 * ({@code <item-id>.json.pgp}) saying whose it is and why; then logged QUARANTINED and removed from
 * staging. Any unexpected failure while handling an item ends here too: fail closed.
 */
public final class Quarantine {
  private static final java.util.regex.Pattern ENTRY_NAME =
      java.util.regex.Pattern.compile("entry '(?:[^'\\\\]|\\\\.)*'…?");
  private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Sealer sealer;
  private final PublicCert officer;
  private final Path dir;
  private final Staging staging;
  private final AuditLog log;
  private final SubmissionState state;

  /**
   * How many items are sealed in the quarantine folder {@code dir} now (their {@code <item>.pgp}
   * files; notes and partial files are not counted); 0 when it does not exist yet.
   *
   * @throws java.io.UncheckedIOException if it cannot be listed
   */
  public static long count(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".pgp") && !n.endsWith(".json.pgp") && !n.startsWith("."))
          .count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public Quarantine(Sealer sealer, PublicCert officer, Path dir, Staging staging, AuditLog log) {
    this.sealer = sealer;
    this.officer = officer;
    this.dir = dir;
    this.staging = staging;
    this.log = log;
    this.state = new SubmissionState(log);
  }

  /**
   * Holds every item of the submission that is still in staging: a spill holds them all, and so
   * does an unexpected failure (fail closed). An item held already keeps its own reason.
   */
  public void holdAll(Submission submission, Hold why) throws IOException {
    for (Item item : submission.items()) {
      if (stillStaged(item)) {
        hold(item, (item.isHeld() ? item.held() : why).reason());
      }
    }
  }

  /** The pipeline step: quarantines the items held (unlisted, unroutable, unreadable markings). */
  public Submission holdMarked(Submission submission) throws IOException {
    for (Item item : submission.items()) {
      if (item.isHeld() && stillStaged(item)) {
        hold(item, item.held().reason());
      }
    }
    return submission;
  }

  /**
   * The last resort for a submission given up after failed attempts: seals every item whose
   * plaintext is still in staging and that no agency received, with the reason it was given up.
   * Items an agency received are in its package already; their plaintext is only released with the
   * submission.
   */
  public void holdUndelivered(Submission submission, Hold why) throws IOException {
    Set<String> delivered = state.deliveredItems(submission.lab(), submission.id());
    for (Item item : submission.items()) {
      if (!delivered.contains(item.id()) && stillStaged(item)) {
        hold(item, why.reason());
      }
    }
  }

  /** Not yet quarantined (say, before a restart) and its plaintext still in staging. */
  private boolean stillStaged(Item item) {
    return Files.exists(staging.content(item.id())) && !state.quarantined(item.id());
  }

  private void hold(Item item, String reason) throws IOException {
    StagedItem staged = item.staged();
    OwnerOnly.createFolders(dir);
    MessageDigest sha = Sha256.newDigest();
    Path target = dir.resolve(item.id() + ".pgp");
    Path partial = dir.resolve("." + item.id() + ".pgp.partial");
    try (InputStream in = Files.newInputStream(staging.content(item.id()));
        OutputStream out =
            sealer.seal(
                new DigestOutputStream(OwnerOnly.newOutputStream(partial), sha),
                officer,
                SealFormat.AUTO,
                staged.path())) {
      in.transferTo(out);
    }
    Map<String, Object> note = new LinkedHashMap<>();
    note.put("item", item.id());
    note.put("submission", staged.submissionId());
    note.put("lab", staged.lab());
    note.put("path", staged.path());
    note.put("size", staged.size());
    note.put("sha256", staged.sha256());
    note.put("designation", item.designation() == null ? null : item.designation().toString());
    note.put("reason", reason);
    try (OutputStream out =
        sealer.seal(
            OwnerOnly.newOutputStream(dir.resolve(item.id() + ".json.pgp")),
            officer,
            SealFormat.AUTO,
            item.id() + ".json")) {
      JSON.writeValue(out, note);
    }
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    log.append(
        EventDraft.of(EventType.QUARANTINED)
            .lab(staged.lab())
            .submission(staged.submissionId())
            .item(item.id())
            .designation(item.designation() == null ? null : item.designation().toString())
            .sha256Plain(staged.sha256())
            .sha256Cipher(Sha256.hex(sha))
            .keyFingerprint(officer.fingerprint())
            .reason(reason));
    // entry names are the lab's file names: they stay in the audit log, out of application logs
    LOG.warn(
        "item {} quarantined: {}",
        item.id(),
        ENTRY_NAME.matcher(reason).replaceAll("entry (named in the audit log)"));
    staging.releaseItem(item.id());
  }
}
