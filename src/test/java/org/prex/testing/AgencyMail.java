package org.prex.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.prex.item.Ids;
import org.prex.item.Sha256;
import org.prex.review.document.Notice;
import org.prex.review.document.SignedDocument;
import org.prex.seal.PublicCert;
import org.prex.seal.SealFormat;
import org.prex.seal.Sealer;
import org.prex.seal.SigningKey;
import org.prex.transfer.PackageManifest;

/**
 * What the exchange sends an agency, made the way the exchange makes it, without running one: a
 * transfer folder (a {@code prex-package/1} manifest and items, sealed with {@link Sealer}) and a
 * sealed notice (a clear-signed {@code prex-notice/1}, sealed with {@link Sealer} as {@code
 * <id>.json}). The example keys by default.
 */
public final class AgencyMail {
  public static final Path KEYS = Path.of("keys-example");

  private AgencyMail() {}

  public static SigningKey exchangeKey() throws Exception {
    return SigningKey.read(KEYS.resolve("exchange/signing.asc"), new char[0]);
  }

  public static Path exchangeCert() {
    return KEYS.resolve("exchange/signing.pub.asc");
  }

  public static Path agencySecret(String agency) {
    return KEYS.resolve("agencies/" + agency + ".secret.asc");
  }

  public static PublicCert agencyCert(String agency) throws Exception {
    return PublicCert.read(KEYS.resolve("agencies/" + agency + ".asc"));
  }

  /** One item of a transfer: its id, path in the package, plaintext and sha256. */
  public record Item(String id, String path, byte[] content, String sha256) {}

  /** A transfer folder under {@code root}, named by its transfer id. */
  public record Transfer(Path dir, String transfer, String submission, List<Item> items) {}

  /** A transfer of {@code files} (path to content) from acme-ai for {@code agency}. */
  public static Transfer transfer(Path root, String agency, Map<String, String> files)
      throws Exception {
    SigningKey exchange = exchangeKey();
    PublicCert cert = agencyCert(agency);
    String transfer = Ids.transfer();
    String submission = Ids.submission();
    Path dir = Files.createDirectories(root.resolve(transfer));
    List<Item> items = new ArrayList<>();
    List<PackageManifest.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
      String sha = HexFormat.of().formatHex(Sha256.newDigest().digest(content));
      Item item = new Item(Ids.item(), f.getKey(), content, sha);
      items.add(item);
      entries.add(
          new PackageManifest.Entry(
              item.id(),
              item.path(),
              content.length,
              sha,
              "text/plain",
              "CUI//SP-PROPIN",
              List.of()));
      seal(exchange, cert, dir.resolve(item.id() + ".pgp"), item.path(), content);
    }
    PackageManifest manifest =
        new PackageManifest(
            transfer,
            agency,
            cert.fingerprint(),
            "acme-ai",
            submission,
            "aurora-2-preview",
            new LinkedHashMap<>(Map.of("name", "Aurora")),
            null,
            entries,
            null,
            "0".repeat(64));
    seal(exchange, cert, dir.resolve("manifest.json.pgp"), "manifest.json", manifest.toJson());
    return new Transfer(dir, transfer, submission, items);
  }

  /** {@code notice} clear-signed by {@code signer}, sealed to {@code agency} into {@code file}. */
  public static void sealNotice(Notice notice, SigningKey signer, String agency, Path file)
      throws Exception {
    String clearSigned = SignedDocument.sign(signer, notice.toJson());
    seal(
        signer,
        agencyCert(agency),
        file,
        notice.id() + ".json",
        clearSigned.getBytes(StandardCharsets.UTF_8));
  }

  public static void seal(
      SigningKey signer, PublicCert recipient, Path file, String name, byte[] content)
      throws IOException {
    try (OutputStream out =
        new Sealer(signer).seal(Files.newOutputStream(file), recipient, SealFormat.AUTO, name)) {
      out.write(content);
    }
  }
}
