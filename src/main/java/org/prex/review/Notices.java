package org.prex.review;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.prex.audit.AuditLog;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.config.AgencyPolicy;
import org.prex.deliver.DeliveryTarget;
import org.prex.files.OwnerOnly;
import org.prex.item.Sha256;
import org.prex.review.document.Notice;
import org.prex.review.document.SignedDocument;
import org.prex.seal.PublicCert;
import org.prex.seal.Sealer;
import org.prex.seal.SigningKey;

/**
 * Sends notices (docs/review-cycle.md): a {@code prex-notice/1}, clear-signed by the exchange,
 * sealed to the agency like a package, written to the agency's delivery target as {@code
 * notices/<notice-id>.json.pgp} and, when the agency has a drop-box account, into its {@code
 * /notices}; then logged NOTICE_SENT, once. A notice that cannot be written everywhere is not
 * logged, and so is sent again on the next tick (its id is derived from what it is about, and a
 * notice already in place is not written twice).
 */
final class Notices {
  private final AuditLog log;
  private final SigningKey signingKey;
  private final Sealer sealer;
  private final Map<String, PublicCert> certs;
  private final Map<String, AgencyPolicy> agencies;
  private final Map<String, DeliveryTarget> targets;
  private final Set<String> accounts;
  private final NoticeBox box;
  private final Supplier<String> checkpoint;
  private final Path scratch;

  Notices(
      AuditLog log,
      SigningKey signingKey,
      Map<String, PublicCert> certs,
      Map<String, AgencyPolicy> agencies,
      Map<String, DeliveryTarget> targets,
      Set<String> accounts,
      NoticeBox box,
      Supplier<String> checkpoint,
      Path scratch) {
    this.log = Objects.requireNonNull(log, "log");
    this.signingKey = Objects.requireNonNull(signingKey, "signing key");
    this.sealer = new Sealer(signingKey);
    this.certs = Map.copyOf(certs);
    this.agencies = Map.copyOf(agencies);
    this.targets = Map.copyOf(targets);
    this.accounts = Set.copyOf(accounts);
    this.box = box;
    this.checkpoint = checkpoint;
    this.scratch = scratch;
  }

  /** The latest signed checkpoint, for a notice to carry; null if the log has none yet. */
  String checkpoint() {
    try {
      return checkpoint.get();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Sends the notice to the agency and logs it, unless it was sent before.
   *
   * @param lab the lab whose submission it is about (the log's lab field), or null
   * @param transfer the agency's transfer it is about, or null
   * @return whether it was sent now
   */
  boolean send(Notice notice, String agency, String lab, String transfer, String reason)
      throws IOException {
    String name = notice.id() + ".json.pgp";
    Path sealed = scratch.resolve(name);
    if (log.reached(EventType.NOTICE_SENT, notice.submission(), notice.id(), agency)) {
      Files.deleteIfExists(sealed); // left by a stop between logging it and removing it
      return false;
    }
    PublicCert cert = certs.get(agency);
    if (cert == null) {
      throw new IOException("agency " + agency + " has no certificate to seal a notice to");
    }
    OwnerOnly.createFolders(scratch);
    // sealed once and kept until it is logged: a notice sent again after a failure (or a stop)
    // is the same file everywhere, and the log names its hash
    if (!Files.exists(sealed)) {
      String signed = SignedDocument.sign(signingKey, notice.toJson());
      Path partial = scratch.resolve("." + name + ".partial");
      Files.deleteIfExists(partial); // an earlier sealing cut off
      try (OutputStream sink = OwnerOnly.newOutputStream(partial);
          OutputStream out =
              sealer.seal(
                  sink,
                  cert,
                  Sealer.formatFor(
                      cert, org.prex.transfer.TransferSealer.formatOf(agencies.get(agency))),
                  notice.id() + ".json")) {
        out.write(signed.getBytes(StandardCharsets.UTF_8));
      }
      Files.move(partial, sealed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    DeliveryTarget target = targets.get(agency);
    if (target != null) {
      target.putFile("notices", name, sealed);
    }
    byte[] bytes = Files.readAllBytes(sealed);
    if (accounts.contains(agency) && box != null) {
      box.put(agency, name, bytes);
    }
    var sha = Sha256.newDigest();
    sha.update(bytes);
    boolean logged =
        log.appendOnce(
                EventDraft.of(EventType.NOTICE_SENT)
                    .lab(lab)
                    .submission(notice.submission())
                    .item(notice.id())
                    .agency(agency)
                    .transfer(transfer)
                    .sha256Cipher(Sha256.hex(sha))
                    .keyFingerprint(cert.fingerprint())
                    .reason(reason))
            .isPresent();
    Files.deleteIfExists(sealed);
    return logged;
  }

  /**
   * A notice's reason in the log: its type first (read back by {@link ReviewState}), then its
   * deadline ({@link Pending} reads it back), then why in prex's own words: a lab's withdrawal
   * reason goes to the agencies, never into the log.
   */
  static String reason(Notice notice) {
    String why =
        notice.type().equals("withdrawal") ? "the lab withdrew the submission" : notice.why();
    return notice.type()
        + " notice"
        + (notice.action().equals("destroy") ? "; destroy by " + notice.deadline() : "")
        + "; "
        + why;
  }

  /**
   * The items a notice of this type to this agency is about: every item it holds, except, for a
   * {@code retention-ended} notice, those decontrolled on release (they are public now).
   */
  static List<org.prex.review.document.ItemHash> items(
      String type, ReviewState state, String agency) {
    ReviewState.Holding h = state.holdings().get(agency);
    if (h == null) {
      return List.of();
    }
    return h.hashes(state.itemSha()).stream()
        .filter(i -> !type.equals("retention-ended") || !state.decontrolled().contains(i.item()))
        .toList();
  }

  /** A notice of this type about the submission for one agency, items and all. */
  static Notice make(
      String type,
      ReviewState state,
      String agency,
      String action,
      Instant deadline,
      String why,
      Instant now,
      String checkpoint) {
    ReviewState.Holding h = state.holdings().get(agency);
    List<org.prex.review.document.ItemHash> items = items(type, state, agency);
    return new Notice(
        org.prex.item.Ids.notice(type, state.submission(), agency),
        type,
        state.submission(),
        h == null ? List.of() : List.of(h.transfer()),
        items,
        action,
        action.equals("destroy") ? deadline : null,
        why,
        now,
        checkpoint);
  }
}
