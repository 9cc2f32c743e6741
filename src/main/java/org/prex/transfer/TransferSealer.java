package org.prex.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.config.Policy;
import org.prex.item.Ids;
import org.prex.item.Item;
import org.prex.item.Sha256;
import org.prex.seal.PublicCert;
import org.prex.seal.SealFormat;
import org.prex.seal.Sealer;
import org.prex.staging.Staging;

/**
 * Seals an item into one package per agency (SPEC §8): the item is read once and sealed to every
 * agency in that single pass (signed by the exchange, encrypted to that agency's key only), then
 * each package gets its own sealed manifest. Packages are built under a {@code .partial} name in
 * staging and renamed when whole; a whole package found there after a restart is reused, not sealed
 * again.
 */
public final class TransferSealer {
  private static final String PARTIAL = ".partial";
  private final Sealer sealer;
  private final Map<String, PublicCert> agencyCerts;
  private final Policy policy;
  private final Staging staging;
  private final AuditLog log;
  private final Supplier<String> checkpoint;

  public TransferSealer(
      Sealer sealer,
      Map<String, PublicCert> agencyCerts,
      Policy policy,
      Staging staging,
      AuditLog log) {
    this(sealer, agencyCerts, policy, staging, log, () -> null);
  }

  /**
   * @param checkpoint the signed log checkpoint each manifest carries, asked for when the manifest
   *     is sealed (so it covers the item's events up to then, not its SEALED and DELIVERED events)
   */
  public TransferSealer(
      Sealer sealer,
      Map<String, PublicCert> agencyCerts,
      Policy policy,
      Staging staging,
      AuditLog log,
      Supplier<String> checkpoint) {
    this.checkpoint = checkpoint;
    this.sealer = sealer;
    this.agencyCerts = Map.copyOf(agencyCerts);
    this.policy = policy;
    this.staging = staging;
    this.log = log;
  }

  public Item seal(Item item) throws IOException {
    Map<String, Path> pending = new LinkedHashMap<>();
    for (String agency : item.agencies()) {
      if (log.hasEvent(item.id(), agency, EventType.DELIVERED)) {
        continue;
      }
      Path waiting = wholePackage(staging.sealed(item.id(), agency));
      if (waiting != null) {
        if (sealedToCurrentKey(item, agency, waiting.getFileName().toString())) {
          continue;
        }
        // the agency's key was replaced while this package waited: it is sealed again to the new
        // one
        deleteTree(waiting);
      }
      Path agencyDir = staging.sealed(item.id(), agency);
      Files.createDirectories(agencyDir);
      Path dir = agencyDir.resolve(Ids.transfer() + PARTIAL);
      Files.createDirectories(dir);
      pending.put(agency, dir);
    }
    if (pending.isEmpty()) {
      return item;
    }
    Map<String, MessageDigest> cipherHashes = sealItem(item, pending);
    for (Map.Entry<String, Path> e : pending.entrySet()) {
      String agency = e.getKey();
      Path partial = e.getValue();
      String transfer = partial.getFileName().toString().replace(PARTIAL, "");
      sealManifest(item, agency, transfer, partial);
      Files.move(partial, partial.resolveSibling(transfer), StandardCopyOption.ATOMIC_MOVE);
      log.append(
          EventDraft.of(EventType.SEALED)
              .lab(item.staged().lab())
              .submission(item.staged().submissionId())
              .item(item.id())
              .agency(agency)
              .transfer(transfer)
              .designation(item.designation().toString())
              .sha256Plain(item.staged().sha256())
              .sha256Cipher(Sha256.hex(cipherHashes.get(agency)))
              .keyFingerprint(agencyCerts.get(agency).fingerprint()));
    }
    return item;
  }

  /**
   * Whether a waiting package was sealed to the agency's current key (per its SEALED event). With
   * no event to tell (a stop came between sealing and logging) it is kept as it is.
   */
  private boolean sealedToCurrentKey(Item item, String agency, String transfer) {
    String current = cert(agency).fingerprint();
    return log
        .list(new AuditQuery(item.staged().lab(), agency, item.staged().submissionId(), null))
        .stream()
        .filter(e -> e.type() == EventType.SEALED && transfer.equals(e.transfer()))
        .allMatch(e -> current.equals(e.keyFingerprint()));
  }

  private static void deleteTree(Path dir) throws IOException {
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

  private Map<String, MessageDigest> sealItem(Item item, Map<String, Path> pending)
      throws IOException {
    Map<String, MessageDigest> hashes = new LinkedHashMap<>();
    List<Sealer.Recipient> recipients = new ArrayList<>();
    List<OutputStream> opened = new ArrayList<>();
    try {
      for (Map.Entry<String, Path> e : pending.entrySet()) {
        MessageDigest sha = Sha256.newDigest();
        OutputStream sink =
            new DigestOutputStream(
                Files.newOutputStream(e.getValue().resolve(item.id() + ".pgp")), sha);
        opened.add(sink);
        hashes.put(e.getKey(), sha);
        recipients.add(new Sealer.Recipient(cert(e.getKey()), format(e.getKey()), sink));
      }
      try (InputStream in = Files.newInputStream(staging.content(item.id()));
          OutputStream plain =
              sealer.seal(
                  recipients, item.staged().path(), Instant.parse(item.staged().receivedAt()))) {
        byte[] buffer = new byte[1 << 20];
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
    return hashes;
  }

  private void sealManifest(Item item, String agency, String transfer, Path dir)
      throws IOException {
    PackageManifest manifest =
        new PackageManifest(
            transfer,
            agency,
            item.staged().lab(),
            item.staged().submissionId(),
            null,
            null,
            null,
            List.of(
                new PackageManifest.Entry(
                    item.id(),
                    item.staged().path(),
                    item.staged().size(),
                    item.staged().sha256(),
                    item.classification().mediaType(),
                    item.designation().toString(),
                    List.of())),
            checkpoint.get());
    try (OutputStream out =
        sealer.seal(
            Files.newOutputStream(dir.resolve("manifest.json.pgp")),
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

  private SealFormat format(String agency) {
    return switch (policy.agencies().get(agency).format()) {
      case "seipd-v1" -> SealFormat.SEIPD_V1;
      case "seipd-v2" -> SealFormat.SEIPD_V2;
      default -> SealFormat.AUTO;
    };
  }
}
