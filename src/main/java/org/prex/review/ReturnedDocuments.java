package org.prex.review;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.files.OwnerOnly;
import org.prex.item.Ids;
import org.prex.item.Sha256;
import org.prex.review.document.Ack;
import org.prex.review.document.Destroyed;
import org.prex.review.document.DocumentException;
import org.prex.review.document.ItemHash;
import org.prex.review.document.Notice;
import org.prex.review.document.SignedDocument;
import org.prex.seal.PublicCert;

/**
 * Checks what an agency returned (docs/review-cycle.md) and logs it: an acknowledgment that is the
 * agency's and matches what it was delivered is ACKNOWLEDGED (and the lab gets a review receipt); a
 * destruction certificate that is the agency's and matches a notice it was sent is DESTROYED;
 * anything else is REFUSED, with why, and the agency is told in a {@code refused} notice. Each
 * document is kept in the data folder as it came, as evidence.
 */
final class ReturnedDocuments {
  private final AuditLog log;
  private final Map<String, PublicCert> certs;
  private final Notices notices;
  private final ReviewReceipts receipts;
  private final Path evidence;
  private final Clock clock;

  ReturnedDocuments(
      AuditLog log,
      Map<String, PublicCert> certs,
      Notices notices,
      ReviewReceipts receipts,
      Path evidence,
      Clock clock) {
    this.log = log;
    this.certs = Map.copyOf(certs);
    this.notices = notices;
    this.receipts = receipts;
    this.evidence = evidence;
    this.clock = clock;
  }

  /** Thrown to refuse a document, with the reason the log and the agency are given. */
  static final class Refusal extends Exception {
    final String submission;
    final String lab;

    Refusal(String why) {
      this(why, null, null);
    }

    Refusal(String why, String submission, String lab) {
      super(why, null, false, false);
      this.submission = submission;
      this.lab = lab;
    }
  }

  /**
   * Handles one returned file: {@code text} is null when it is not UTF-8 text of at most {@link
   * Returns#MAX_BYTES}.
   */
  void accept(String agency, String name, String text, byte[] bytes) throws IOException {
    String sha = null;
    if (bytes != null) {
      var d = Sha256.newDigest();
      d.update(bytes);
      sha = Sha256.hex(d);
      Path dir = OwnerOnly.createFolders(evidence.resolve(agency));
      Path kept = dir.resolve(sha + ".asc");
      if (!java.nio.file.Files.exists(kept)) {
        OwnerOnly.write(kept, bytes);
      }
    }
    try {
      if (text == null) {
        throw new Refusal(
            bytes == null
                ? "over " + Returns.MAX_BYTES + " bytes: not a review document"
                : "not UTF-8 text: not a review document");
      }
      PublicCert cert = certs.get(agency);
      if (cert == null) {
        throw new Refusal("agency " + agency + " has no certificate in the key set");
      }
      Optional<String> format = SignedDocument.claimedFormat(text);
      if (format.isEmpty()) {
        throw new Refusal("not a clear-signed prex-ack/1 or prex-destroyed/1 document");
      }
      SignedDocument.Verified verified;
      try {
        verified = SignedDocument.verify(text, cert);
      } catch (DocumentException e) {
        throw new Refusal(
            "does not verify as a document of agency "
                + agency
                + " (key "
                + cert.fingerprint()
                + "): "
                + e.getMessage());
      }
      switch (verified.format()) {
        case Ack.FORMAT -> acknowledge(agency, sha, parseAck(verified.json()));
        case Destroyed.FORMAT -> destroyed(agency, sha, parseDestroyed(verified.json()));
        default ->
            throw new Refusal(
                "a "
                    + verified.format()
                    + " document is not one an agency returns"
                    + " (expected prex-ack/1 or prex-destroyed/1)");
      }
    } catch (Refusal r) {
      refuse(agency, name, sha, r);
    }
  }

  /**
   * A folder an agency returned that is refused whole: not a findings folder, or findings that
   * cannot be taken ({@link FindingsIntake.Refused}); {@code listing} (its paths, sizes and times)
   * identifies it in the log, which gets {@code forLog} (lines and counts, never file names) while
   * the agency's notice says {@code why}.
   */
  void refuseFolder(
      String agency,
      String name,
      String listing,
      String lab,
      String submission,
      String forLog,
      String why)
      throws IOException {
    var d = Sha256.newDigest();
    d.update(listing.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    refuse(agency, name, Sha256.hex(d), new Refusal(forLog, submission, lab), why);
  }

  /** A folder without {@code findings.yaml}: refused whole, unread. */
  void refuseFolder(String agency, String name, String listing, int files, long bytes)
      throws IOException {
    String why =
        "a folder of "
            + files
            + " file(s), "
            + bytes
            + " bytes without "
            + org.prex.submission.FindingsParser.FILE_NAME
            + " at its top: not a findings folder; nothing of it was read or passed on, and it was"
            + " removed";
    refuseFolder(agency, name, listing, null, null, why, why);
  }

  private static Ack parseAck(String json) throws Refusal {
    try {
      return Ack.parse(json);
    } catch (DocumentException e) {
      throw new Refusal("not a valid prex-ack/1: " + e.getMessage());
    }
  }

  private static Destroyed parseDestroyed(String json) throws Refusal {
    try {
      return Destroyed.parse(json);
    } catch (DocumentException e) {
      throw new Refusal("not a valid prex-destroyed/1: " + e.getMessage());
    }
  }

  private void acknowledge(String agency, String sha, Ack ack) throws Refusal, IOException {
    if (!ack.agency().equals(agency)) {
      throw new Refusal(
          "the acknowledgment names agency " + ack.agency() + " but came from agency " + agency);
    }
    ReviewState state = ReviewState.of(log, ack.submission());
    ReviewState.Holding h = state.holdings().get(agency);
    if (h == null || !h.transfer().equals(ack.transfer())) {
      throw new Refusal(
          "transfer "
              + ack.transfer()
              + " of submission "
              + ack.submission()
              + " was never delivered to agency "
              + agency);
    }
    matches(ack.items(), h, state, "acknowledged", ack.submission(), state.lab());
    checkWhen(
        ack.at(),
        h.items().values().stream().min(java.time.Instant::compareTo).orElseThrow(),
        "opened",
        "its delivery",
        ack.submission(),
        state.lab());
    // one event per item opened: the log says who opened what, and a second ack of the same
    // items adds nothing
    for (ItemHash i : ack.items()) {
      log.appendOnce(
          EventDraft.of(EventType.ACKNOWLEDGED)
              .lab(state.lab())
              .submission(ack.submission())
              .item(i.item())
              .agency(agency)
              .transfer(ack.transfer())
              .sha256Plain(sha)
              .reason("opened and verified by the agency at " + ack.at()));
    }
    receipts.issueDue(ack.submission());
  }

  private void destroyed(String agency, String sha, Destroyed doc) throws Refusal, IOException {
    AuditEvent sent =
        log
            .list(new AuditQuery(null, agency, null, null, Set.of(EventType.NOTICE_SENT), null))
            .stream()
            .filter(e -> doc.notice().equals(e.item()))
            .findFirst()
            .orElseThrow(
                () ->
                    new Refusal("notice " + doc.notice() + " was never sent to agency " + agency));
    ReviewState state = ReviewState.of(log, sent.submission());
    ReviewState.SentNotice notice = state.notices().get(doc.notice());
    if (notice == null
        || !(notice.type().equals("withdrawal") || notice.type().equals("retention-ended"))) {
      throw new Refusal(
          "notice " + doc.notice() + " asked for no destruction", sent.submission(), state.lab());
    }
    ReviewState.Holding h = state.holdings().get(agency);
    if (h == null || !doc.transfers().equals(List.of(h.transfer()))) {
      throw new Refusal(
          "the certificate's transfers "
              + doc.transfers()
              + " are not the transfer of notice "
              + doc.notice()
              + (h == null ? "" : " (" + h.transfer() + ")"),
          sent.submission(),
          state.lab());
    }
    matches(doc.items(), h, state, "destroyed", sent.submission(), state.lab());
    List<ItemHash> asked = Notices.items(notice.type(), state, agency);
    if (!new HashSet<>(doc.items()).equals(new HashSet<>(asked))) {
      throw new Refusal(
          "the certificate lists "
              + doc.items().size()
              + " item(s), but notice "
              + doc.notice()
              + " asked to destroy "
              + asked.size(),
          sent.submission(),
          state.lab());
    }
    checkWhen(doc.at(), notice.at(), "destroyed", "the notice", sent.submission(), state.lab());
    log.appendOnce(
        EventDraft.of(EventType.DESTROYED)
            .lab(state.lab())
            .submission(sent.submission())
            .item(doc.notice())
            .agency(agency)
            .transfer(h.transfer())
            .sha256Plain(sha)
            .reason(
                doc.items().size()
                    + " item(s) destroyed at "
                    + doc.at()
                    + ", answering the "
                    + notice.type()
                    + " notice"));
    receipts.issueDue(sent.submission());
  }

  /** How far apart the agency's clock and the exchange's may be. */
  static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(5);

  /**
   * A document's time is when the agency says it acted: not before what it answers (give or take
   * {@link #CLOCK_SKEW}), and not in the future.
   */
  private void checkWhen(
      java.time.Instant at,
      java.time.Instant notBefore,
      String what,
      String answered,
      String submission,
      String lab)
      throws Refusal {
    if (at.isBefore(notBefore.minus(CLOCK_SKEW))) {
      throw new Refusal(
          "it says the items were "
              + what
              + " at "
              + at
              + ", before "
              + answered
              + " ("
              + notBefore
              + ")",
          submission,
          lab);
    }
    java.time.Instant now = clock.instant();
    if (at.isAfter(now.plus(CLOCK_SKEW))) {
      throw new Refusal(
          "it says the items were "
              + what
              + " at "
              + at
              + ", which is in the future (now "
              + now
              + ")",
          submission,
          lab);
    }
  }

  /** Every listed item is one the agency was delivered, with the hash it was delivered with. */
  private static void matches(
      List<ItemHash> listed,
      ReviewState.Holding h,
      ReviewState state,
      String what,
      String submission,
      String lab)
      throws Refusal {
    for (ItemHash i : listed) {
      if (!h.items().containsKey(i.item())) {
        throw new Refusal(
            "item " + i.item() + " " + what + " was never delivered to agency " + h.agency(),
            submission,
            lab);
      }
      if (!i.sha256().equals(state.itemSha().get(i.item()))) {
        throw new Refusal(
            "item "
                + i.item()
                + " "
                + what
                + " has sha256 "
                + i.sha256()
                + ", not that of the item delivered",
            submission,
            lab);
      }
    }
  }

  private void refuse(String agency, String name, String sha, Refusal r) throws IOException {
    refuse(agency, name, sha, r, r.getMessage());
  }

  private void refuse(String agency, String name, String sha, Refusal r, String why)
      throws IOException {
    String noticeId = Ids.notice("refused", agency, sha == null ? name : sha);
    log.appendOnce(
        EventDraft.of(EventType.REFUSED)
            .lab(r.lab)
            .submission(r.submission)
            .item(noticeId)
            .agency(agency)
            .sha256Plain(sha)
            .reason(r.getMessage()));
    Notice notice =
        new Notice(
            noticeId,
            "refused",
            r.submission,
            List.of(),
            List.of(),
            "none",
            null,
            "a document returned"
                + (sha == null ? "" : " (sha256 " + sha + ")")
                + " was refused: "
                + why,
            clock.instant(),
            notices.checkpoint());
    notices.send(notice, agency, r.lab, null, "refused notice; " + r.getMessage());
  }
}
