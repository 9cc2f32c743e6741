package org.prex.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.ObjLongConsumer;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.config.Policy;
import org.prex.files.OwnerOnly;
import org.prex.item.Ids;
import org.prex.item.Item;
import org.prex.item.Sha256;
import org.prex.seal.PublicCert;
import org.prex.seal.SealFormat;
import org.prex.seal.Sealer;
import org.prex.staging.Staging;
import org.prex.submission.Declared;
import org.prex.submission.Submission;
import org.prex.workflow.SubmissionState;

/**
 * Seals a submission into one package per agency (docs/pipeline.md) holding every item that agency
 * may receive: each item is read once and sealed to all its agencies in that single pass (signed by
 * the exchange, encrypted to each agency's key only), then each package gets its own sealed
 * manifest. Packages are built under a {@code .partial} name in staging and renamed when whole; a
 * whole package found there after a restart is reused, not sealed again.
 */
public final class TransferSealer {
  private static final String PARTIAL = ".partial";
  private final Sealer sealer;
  private final Map<String, PublicCert> agencyCerts;
  private final Policy policy;
  private final Staging staging;
  private final AuditLog log;
  private final SubmissionState state;
  private final LongFunction<String> checkpoint;
  private volatile ObjLongConsumer<String> sealedCounter = (agency, bytes) -> {};
  private volatile java.util.function.UnaryOperator<String> transferIds = agency -> Ids.transfer();
  private volatile Presealer presealer;

  public TransferSealer(
      Sealer sealer,
      Map<String, PublicCert> agencyCerts,
      Policy policy,
      Staging staging,
      AuditLog log) {
    this(sealer, agencyCerts, policy, staging, log, covering -> null);
  }

  /**
   * @param checkpoint the signed log checkpoint each manifest carries, given the number of events
   *     it must cover at least (the submission's events up to its routing, not its SEALED and
   *     DELIVERED events, which come after the manifest is sealed)
   */
  public TransferSealer(
      Sealer sealer,
      Map<String, PublicCert> agencyCerts,
      Policy policy,
      Staging staging,
      AuditLog log,
      LongFunction<String> checkpoint) {
    this.checkpoint = checkpoint;
    this.sealer = sealer;
    this.agencyCerts = Map.copyOf(agencyCerts);
    this.policy = policy;
    this.staging = staging;
    this.log = log;
    this.state = new SubmissionState(log);
  }

  /**
   * Told of every item sealed into an agency's package, with the agency and the item's plaintext
   * bytes, once its SEALED event is logged (metrics, docs/operations.md).
   */
  public void countSealed(ObjLongConsumer<String> counter) {
    this.sealedCounter = java.util.Objects.requireNonNull(counter, "counter");
  }

  /**
   * Chooses each recipient's transfer id (a fresh one by default). Findings (docs/review-cycle.md)
   * give the lab's package the finding's own id, which names its folder in the lab's drop box.
   */
  public TransferSealer transferIds(java.util.function.UnaryOperator<String> chooser) {
    this.transferIds = java.util.Objects.requireNonNull(chooser, "chooser");
    return this;
  }

  /**
   * Seals large items to their likely agencies while they are inspected (docs/tuning.md, "Fourth
   * round"): the presealer to start from the designate step; this sealer takes what it made.
   *
   * @param inspectionLimit the policy's inspection time limit, which bounds the items presealed
   */
  public Presealer presealing(java.time.Duration inspectionLimit) {
    return presealing(inspectionLimit, Presealer.MIN_BYTES);
  }

  /** As {@link #presealing(java.time.Duration)}, presealing items from {@code minBytes} up. */
  public Presealer presealing(java.time.Duration inspectionLimit, long minBytes) {
    Presealer p =
        new Presealer(sealer, staging, agencyCerts::get, this::format, inspectionLimit, minBytes);
    this.presealer = p;
    return p;
  }

  public Submission seal(Submission submission) throws IOException {
    Map<String, List<Item>> byAgency = submission.byAgency();
    Map<String, Path> pending = new LinkedHashMap<>();
    for (Map.Entry<String, List<Item>> e : byAgency.entrySet()) {
      String agency = e.getKey();
      if (e.getValue().stream().allMatch(i -> state.delivered(i.id(), agency))) {
        continue;
      }
      Path agencyDir = staging.sealed(submission.id(), agency);
      Path waiting = wholePackage(agencyDir);
      if (waiting != null) {
        if (stillAsRouted(submission, agency, waiting.getFileName().toString(), e.getValue())) {
          continue;
        }
        // the agency's key was replaced, or what it is routed changed (a reload), while this
        // package waited: it is sealed again, to the key and with the items in force
        deleteTree(waiting);
      }
      if (Files.isDirectory(agencyDir)) {
        deleteTree(agencyDir); // a package a stop cut off while it was being sealed
      }
      OwnerOnly.createFolders(agencyDir);
      Path dir = agencyDir.resolve(transferIds.apply(agency) + PARTIAL);
      OwnerOnly.createFolders(dir);
      pending.put(agency, dir);
    }
    if (pending.isEmpty()) {
      discardPresealed(submission);
      return submission;
    }
    List<Item> toSeal =
        submission.deliverable().stream()
            .filter(i -> i.agencies().stream().anyMatch(pending::containsKey))
            .toList();
    Map<String, Map<String, String>> cipherHashes =
        ItemSealing.sealAll(
            toSeal,
            item -> {
              Map<String, Path> to = new LinkedHashMap<>();
              for (String agency : item.agencies()) {
                if (pending.containsKey(agency)) {
                  to.put(agency, pending.get(agency));
                }
              }
              return sealItem(item, to);
            });
    // one checkpoint and one read of the submission's events for every agency's manifest: each
    // covers the items' events up to their routing, whichever agency is sealed first
    List<AuditEvent> events =
        log.list(new AuditQuery(submission.lab(), null, submission.id(), null));
    String underCheckpoint =
        checkpoint.apply(events.stream().mapToLong(AuditEvent::seq).max().orElse(0));
    for (Map.Entry<String, Path> e : pending.entrySet()) {
      String agency = e.getKey();
      Path partial = e.getValue();
      String transfer = partial.getFileName().toString().replace(PARTIAL, "");
      sealManifest(
          submission,
          byAgency.get(agency),
          agency,
          transfer,
          partial,
          underCheckpoint,
          routedUnder(events, agency, byAgency.get(agency)));
      // the agency's items in one transaction, as soon as its package is in place; if the log
      // refuses them, the package goes back to partial, to be sealed again by the next attempt (a
      // package found whole without its SEALED events is kept as it is, see stillAsRouted)
      List<EventDraft> sealed = new ArrayList<>();
      for (Item item : byAgency.get(agency)) {
        sealed.add(
            EventDraft.of(EventType.SEALED)
                .lab(item.staged().lab())
                .submission(submission.id())
                .item(item.id())
                .agency(agency)
                .transfer(transfer)
                .designation(item.designation().toString())
                .sha256Plain(item.staged().sha256())
                .sha256Cipher(cipherHashes.get(item.id()).get(agency))
                .keyFingerprint(agencyCerts.get(agency).fingerprint()));
      }
      Path whole = partial.resolveSibling(transfer);
      Files.move(partial, whole, StandardCopyOption.ATOMIC_MOVE);
      try {
        log.appendAll(sealed);
      } catch (RuntimeException refused) {
        try {
          Files.move(whole, partial, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException back) {
          refused.addSuppressed(back);
        }
        throw refused;
      }
      for (Item item : byAgency.get(agency)) {
        sealedCounter.accept(agency, item.staged().size());
      }
    }
    discardPresealed(submission);
    return submission;
  }

  /**
   * Once the packages are sealed, nothing of the submission presealed will be taken (held items).
   */
  private void discardPresealed(Submission submission) {
    Presealer p = presealer;
    if (p != null) {
      p.discard(submission);
    }
  }

  /**
   * Whether a waiting package was sealed to the agency's current key and holds exactly the items
   * routed to it now (per its SEALED events). With no event to tell (a stop came between sealing
   * and logging, before anything could change) it is kept as it is.
   */
  private boolean stillAsRouted(
      Submission submission, String agency, String transfer, List<Item> routed) {
    String current = cert(agency).fingerprint();
    List<AuditEvent> sealed =
        log.list(new AuditQuery(submission.lab(), agency, submission.id(), null)).stream()
            .filter(e -> e.type() == EventType.SEALED && transfer.equals(e.transfer()))
            .toList();
    if (sealed.isEmpty()) {
      return true;
    }
    java.util.Set<String> in = new java.util.HashSet<>();
    sealed.forEach(e -> in.add(e.item()));
    java.util.Set<String> now = new java.util.HashSet<>();
    routed.forEach(i -> now.add(i.id()));
    return in.equals(now) && sealed.stream().allMatch(e -> current.equals(e.keyFingerprint()));
  }

  static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The whole package waiting in this agency's staging folder, or null. */
  public static Path wholePackage(Path agencyDir) throws IOException {
    if (!Files.isDirectory(agencyDir)) {
      return null;
    }
    try (var dirs = Files.list(agencyDir)) {
      return dirs.filter(p -> !p.getFileName().toString().endsWith(PARTIAL))
          .findFirst()
          .orElse(null);
    }
  }

  private Map<String, String> sealItem(Item item, Map<String, Path> to) throws IOException {
    Presealer p = presealer;
    Presealer.Presealed presealed = p == null ? null : p.take(item.id());
    if (presealed == null) {
      return sealNow(item, to);
    }
    try {
      Map<String, String> hex = new LinkedHashMap<>();
      Map<String, Path> rest = new LinkedHashMap<>();
      for (Map.Entry<String, Path> e : to.entrySet()) {
        String agency = e.getKey();
        Presealer.Message m = Presealer.usable(presealed, agency, cert(agency), format(agency));
        if (m == null) {
          rest.put(agency, e.getValue());
        } else {
          Files.move(
              m.file(), e.getValue().resolve(item.id() + ".pgp"), StandardCopyOption.ATOMIC_MOVE);
          hex.put(agency, m.sha256());
        }
      }
      if (!rest.isEmpty()) {
        hex.putAll(sealNow(item, rest));
      }
      return hex;
    } finally {
      Presealer.remove(presealed); // what no routed agency took
    }
  }

  private Map<String, String> sealNow(Item item, Map<String, Path> pending) throws IOException {
    Map<String, Path> files = new LinkedHashMap<>();
    pending.forEach((agency, dir) -> files.put(agency, dir.resolve(item.id() + ".pgp")));
    return sealToFiles(sealer, staging, item, files, this::cert, this::format);
  }

  /**
   * Reads {@code item}'s staged content once and seals it to each agency into that agency's file,
   * hashing each file's bytes on the way; returns each agency's SHA-256 (hex). When it fails, every
   * file opened is closed, and the caller removes what is left.
   */
  static Map<String, String> sealToFiles(
      Sealer sealer,
      Staging staging,
      Item item,
      Map<String, Path> files,
      java.util.function.Function<String, PublicCert> certs,
      java.util.function.Function<String, SealFormat> formats)
      throws IOException {
    Map<String, MessageDigest> hashes = new LinkedHashMap<>();
    List<Sealer.Recipient> recipients = new ArrayList<>();
    List<OutputStream> opened = new ArrayList<>();
    try {
      for (Map.Entry<String, Path> e : files.entrySet()) {
        MessageDigest sha = Sha256.newDigest();
        OutputStream sink = new DigestOutputStream(OwnerOnly.newOutputStream(e.getValue()), sha);
        opened.add(sink);
        hashes.put(e.getKey(), sha);
        recipients.add(
            new Sealer.Recipient(certs.apply(e.getKey()), formats.apply(e.getKey()), sink));
      }
      try (InputStream in = Files.newInputStream(staging.content(item.id()));
          OutputStream plain =
              sealer.seal(recipients, item.staged().path(), item.staged().received())) {
        // a card's size, not a MiB, for each of a folder's thousand cards
        byte[] buffer = new byte[(int) Math.max(8192, Math.min(1 << 20, item.staged().size()))];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          plain.write(buffer, 0, n);
        }
      }
    } catch (IOException | RuntimeException e) {
      for (OutputStream o : opened) {
        try {
          o.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    Map<String, String> hex = new LinkedHashMap<>();
    hashes.forEach((agency, sha) -> hex.put(agency, Sha256.hex(sha)));
    return hex;
  }

  /** The policy the items were last routed to this agency under, from their ROUTED events. */
  /** The policy the items were routed to the agency under, per the submission's events. */
  private static String routedUnder(List<AuditEvent> events, String agency, List<Item> items) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    items.forEach(i -> ids.add(i.id()));
    String policy = null;
    for (AuditEvent e : events) {
      if (e.type() == EventType.ROUTED
          && agency.equals(e.agency())
          && ids.contains(e.item())
          && e.policy() != null) {
        policy = e.policy();
      }
    }
    return policy;
  }

  private void sealManifest(
      Submission submission,
      List<Item> items,
      String agency,
      String transfer,
      Path dir,
      String underCheckpoint,
      String routedUnder)
      throws IOException {
    Declared declared = submission.staged().declared();
    Map<String, String> model = null;
    if (declared != null && declared.modelName() != null) {
      model = new LinkedHashMap<>();
      model.put("name", declared.modelName());
      model.put("version", declared.modelVersion());
    }
    List<PackageManifest.Entry> entries = new ArrayList<>();
    for (Item item : items) {
      entries.add(
          new PackageManifest.Entry(
              item.id(),
              item.staged().path(),
              item.staged().size(),
              item.staged().sha256(),
              item.classification().mediaType(),
              item.designation().toString(),
              item.designation().has("DL ONLY") && declared != null
                  ? declared.disseminationList()
                  : List.of()));
    }
    PackageManifest manifest =
        new PackageManifest(
            transfer,
            agency,
            cert(agency).fingerprint(),
            submission.lab(),
            submission.id(),
            declared == null ? null : declared.reference(),
            model,
            declared == null ? null : declared.releaseDate(),
            entries,
            underCheckpoint,
            routedUnder);
    try (OutputStream out =
        sealer.seal(
            OwnerOnly.newOutputStream(dir.resolve("manifest.json.pgp")),
            cert(agency),
            format(agency),
            "manifest.json")) {
      out.write(manifest.toJson());
    }
  }

  private PublicCert cert(String agency) {
    PublicCert cert = agencyCerts.get(agency);
    if (cert == null) {
      throw new IllegalStateException("agency " + agency + " has no certificate in the key set");
    }
    return cert;
  }

  /** The format the policy asks for an agency; AUTO for a recipient it does not name (a lab). */
  private SealFormat format(String agency) {
    org.prex.config.AgencyPolicy a = policy.agencies().get(agency);
    return a == null ? SealFormat.AUTO : formatOf(a);
  }

  /** The packet format the policy asks for an agency ({@code format:}; auto when not set). */
  public static SealFormat formatOf(org.prex.config.AgencyPolicy agency) {
    return switch (agency.format()) {
      case "seipd-v1" -> SealFormat.SEIPD_V1;
      case "seipd-v2" -> SealFormat.SEIPD_V2;
      default -> SealFormat.AUTO;
    };
  }
}
