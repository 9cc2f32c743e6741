package org.prex.seal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.PreferredAEADCiphersuites;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.util.encoders.Hex;

/**
 * An OpenPGP certificate (a public key ring): an agency's, the security officer's, or the
 * exchange's own for verifying. Only what its self-signatures validly say counts ({@link
 * SelfSignatures} evaluates them); what is wrong with it comes back in words.
 */
public final class PublicCert {
  private final PGPPublicKeyRing ring;
  private final SelfSignatures cert;
  private final Validity validity;

  PublicCert(PGPPublicKeyRing ring) {
    Providers.ensure();
    this.ring = ring;
    this.cert = new SelfSignatures(ring);
    this.validity = new Validity(cert);
  }

  /** The content of a key file; missing and unreadable are named as such. */
  static byte[] bytes(Path file) throws KeyFileException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new KeyFileException(file, "missing");
    } catch (IOException e) {
      throw new KeyFileException(file, "cannot read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Reads a certificate as {@code gpg --export [--armor]} writes it. */
  public static PublicCert read(Path file) throws KeyFileException {
    byte[] bytes = bytes(file);
    try {
      return parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(file, e.getMessage());
    }
  }

  /**
   * Parses an armoured or binary certificate.
   *
   * @throws IllegalArgumentException naming {@code sourceName} when the bytes are not exactly one
   *     OpenPGP certificate (a secret key is refused: only certificates belong where this is used)
   */
  public static PublicCert parse(byte[] bytes, String sourceName) {
    try {
      return parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(sourceName + ": " + e.getMessage(), e);
    }
  }

  /**
   * The OpenPGP objects of {@code bytes}, armored or binary, without marker packets: what both a
   * certificate and a secret key file are read from. Throws what the parser throws, for the caller
   * to name the file.
   */
  static List<Object> objects(byte[] bytes) throws IOException {
    List<Object> objects = new ArrayList<>();
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
      JcaPGPObjectFactory factory = new JcaPGPObjectFactory(in);
      for (Object o = factory.nextObject(); o != null; o = factory.nextObject()) {
        if (!(o instanceof PGPMarker)) {
          objects.add(o);
        }
      }
    }
    return objects;
  }

  private static PublicCert parse(byte[] bytes) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException("empty file, expected an OpenPGP certificate");
    }
    List<Object> objects;
    try {
      objects = objects(bytes);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "not a readable OpenPGP certificate (" + e.getClass().getSimpleName() + ")");
    }
    if (objects.size() == 1 && objects.get(0) instanceof PGPPublicKeyRing ring) {
      return new PublicCert(ring);
    }
    if (objects.stream().anyMatch(o -> o instanceof PGPSecretKeyRing)) {
      throw new IllegalArgumentException(
          "holds a SECRET key; only the certificate belongs here ('gpg --export --armor')");
    }
    if (objects.size() > 1) {
      throw new IllegalArgumentException(
          "holds " + objects.size() + " OpenPGP objects; expected exactly one certificate");
    }
    throw new IllegalArgumentException(
        "not an OpenPGP certificate (expected what 'gpg --export --armor' writes)");
  }

  /** Upper-case hex fingerprint of the primary key. */
  public String fingerprint() {
    return fingerprint(ring.getPublicKey());
  }

  /** The primary user id ("" if none). */
  public String userId() {
    String primary = cert.primaryUserId(new Date());
    if (primary != null) {
      return primary;
    }
    Iterator<String> ids = ring.getPublicKey().getUserIDs();
    return ids.hasNext() ? ids.next() : "";
  }

  /**
   * When this certificate stops being usable by expiry: the earlier of the primary key's and the
   * encryption key's expiry (the primary's alone when it has no encryption key); empty if never.
   */
  public Optional<Instant> expiresAt() {
    Instant now = Instant.now();
    Optional<Instant> primary = validity.expiry(cert.primary(), now);
    PGPPublicKey encryption = encryptionKey(now);
    PGPPublicKey key =
        encryption != null
            ? encryption
            : validity.encryptionCapable().stream().findFirst().orElse(null);
    Optional<Instant> sub = key == null ? Optional.empty() : validity.expiry(key, now);
    if (primary.isPresent() && sub.isPresent()) {
      return Optional.of(primary.get().isBefore(sub.get()) ? primary.get() : sub.get());
    }
    return primary.isPresent() ? primary : sub;
  }

  /** Whether the certificate's Features subpacket advertises SEIPDv2 (RFC 9580 AEAD). */
  public boolean advertisesSeipdV2() {
    Features features = cert.features(new Date());
    return features != null && features.supportsFeature(Features.FEATURE_SEIPD_V2);
  }

  /** Empty when this certificate can be encrypted to at {@code now}; otherwise why not. */
  public List<String> encryptionProblems(Instant now) {
    // on the FIPS line, a certificate or key approved-only mode cannot use is refused, and said
    // to be so rather than reported as a bad self-signature (docs/fips.md)
    List<String> unapproved = Approval.certificateProblems(ring.getPublicKey());
    if (!unapproved.isEmpty()) {
      return unapproved;
    }
    List<String> problems = validity.encryptionProblems(now);
    return problems.isEmpty() ? Approval.encryptionKeyProblems(encryptionKey(now)) : problems;
  }

  /** Empty when signatures this certificate makes at {@code now} are valid; otherwise why not. */
  public List<String> verificationProblems(Instant now) {
    List<String> unapproved = Approval.certificateProblems(ring.getPublicKey());
    return unapproved.isEmpty() ? validity.signingProblems(now) : unapproved;
  }

  /** The certificate, ASCII armoured, as {@code gpg --export --armor} writes it. */
  public String armored() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(out)) {
      ring.encode(armor, true);
    } catch (IOException e) {
      throw new IllegalStateException("cannot armour a certificate in memory", e);
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "certificate " + fingerprint() + " <" + userId() + ">";
  }

  PGPPublicKeyRing ring() {
    return ring;
  }

  Validity validity() {
    return validity;
  }

  /** The newest key that may be encrypted to at {@code now}, or null. */
  PGPPublicKey encryptionKey(Instant now) {
    return validity.usableEncryptionKeys(now).stream()
        .max(Comparator.comparing(PGPPublicKey::getCreationTime))
        .orElse(null);
  }

  /** The AEAD ciphersuites the certificate prefers, in its order (empty if it states none). */
  List<PreferredAEADCiphersuites.Combination> aeadPreferences() {
    PreferredAEADCiphersuites prefs = cert.aeadPreferences(new Date());
    return prefs == null ? List.of() : List.of(prefs.getAlgorithms());
  }

  /** The key of this certificate that may have made a signature at {@code when}, or null. */
  PGPPublicKey signingKeyAt(List<org.bouncycastle.bcpg.KeyIdentifier> issuers, Instant when) {
    for (PGPPublicKey k : validity.usableSigningKeys(when)) {
      for (org.bouncycastle.bcpg.KeyIdentifier id : issuers) {
        if (id.matchesExplicit(k.getKeyIdentifier())) {
          return k;
        }
      }
    }
    return null;
  }

  /** Whether any key of this certificate (valid or not) carries one of these identifiers. */
  boolean hasKey(List<org.bouncycastle.bcpg.KeyIdentifier> ids) {
    for (PGPPublicKey k : ring) {
      for (org.bouncycastle.bcpg.KeyIdentifier id : ids) {
        if (id.matchesExplicit(k.getKeyIdentifier())) {
          return true;
        }
      }
    }
    return false;
  }

  static String fingerprint(PGPPublicKey key) {
    return Hex.toHexString(key.getFingerprint()).toUpperCase(Locale.ROOT);
  }

  /** A key identifier as gpg shows it: the fingerprint if known, else the 16-digit key id. */
  static String describe(org.bouncycastle.bcpg.KeyIdentifier id) {
    if (id.getFingerprint() != null) {
      return Hex.toHexString(id.getFingerprint()).toUpperCase(Locale.ROOT);
    }
    return String.format("%016X", id.getKeyId());
  }
}
