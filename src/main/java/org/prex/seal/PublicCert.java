package org.prex.seal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.util.encoders.Hex;

/**
 * An OpenPGP certificate (a public key ring): an agency's, the security officer's, or the
 * exchange's own for verifying. Knows which of its keys may encrypt or sign, and what is wrong with
 * it, in words.
 */
public final class PublicCert {
  private final PGPPublicKeyRing ring;

  PublicCert(PGPPublicKeyRing ring) {
    this.ring = ring;
  }

  public static PublicCert read(Path file) throws KeyFileException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new KeyFileException(file, "cannot read (" + e.getClass().getSimpleName() + ")");
    }
    try {
      return parse(bytes, file.toString());
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(file, e.getMessage());
    }
  }

  /** Parses an armoured or binary certificate; a secret key ring yields its public part. */
  public static PublicCert parse(byte[] bytes, String sourceName) {
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
      Object o = new JcaPGPObjectFactory(in).nextObject();
      if (o instanceof PGPPublicKeyRing ring) {
        return new PublicCert(ring);
      }
      if (o instanceof PGPSecretKeyRing secret) {
        return new PublicCert(secret.toCertificate());
      }
      throw new IllegalArgumentException(
          "not an OpenPGP certificate (expected what 'gpg --export --armor' writes)");
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException(
          "not a readable OpenPGP certificate (" + e.getClass().getSimpleName() + ")");
    }
  }

  PGPPublicKeyRing ring() {
    return ring;
  }

  public String fingerprint() {
    return fingerprint(ring.getPublicKey());
  }

  static String fingerprint(PGPPublicKey key) {
    return Hex.toHexString(key.getFingerprint()).toUpperCase(Locale.ROOT);
  }

  public String userId() {
    Iterator<String> ids = ring.getPublicKey().getUserIDs();
    return ids.hasNext() ? ids.next() : "";
  }

  /** When the key that would be used for encryption expires (else the primary), if ever. */
  public Optional<Instant> expiresAt() {
    PGPPublicKey key = encryptionKeys().stream().findFirst().orElse(ring.getPublicKey());
    return expiry(key).or(() -> expiry(ring.getPublicKey()));
  }

  /** Whether the certificate's Features subpacket advertises SEIPDv2 (RFC 9580). */
  public boolean advertisesSeipdV2() {
    for (PGPSignature sig : selfSignatures(ring.getPublicKey())) {
      PGPSignatureSubpacketVector hashed = sig.getHashedSubPackets();
      if (hashed != null && hashed.getFeatures() != null) {
        return hashed.getFeatures().supportsFeature(Features.FEATURE_SEIPD_V2);
      }
    }
    return false;
  }

  /** Empty when this certificate can be encrypted to now; otherwise why not. */
  public List<String> encryptionProblems(Instant now) {
    List<String> problems = primaryProblems(now);
    if (!problems.isEmpty()) {
      return problems;
    }
    if (encryptionKeys().isEmpty()) {
      return List.of("has no encryption-capable subkey");
    }
    if (usableEncryptionKey(now) == null) {
      PGPPublicKey k = encryptionKeys().get(0);
      return List.of(
          k.hasRevocation()
              ? "its encryption subkey is revoked"
              : "its encryption subkey expired on " + expiry(k).map(Instant::toString).orElse("?"));
    }
    return List.of();
  }

  /** Empty when signatures by this certificate can be verified as valid now; otherwise why not. */
  public List<String> verificationProblems(Instant now) {
    List<String> problems = primaryProblems(now);
    if (!problems.isEmpty()) {
      return problems;
    }
    return signingKeys().isEmpty() ? List.of("has no signing-capable key") : List.of();
  }

  public String armored() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(out)) {
      ring.encode(armor, true);
    } catch (IOException e) {
      throw new IllegalStateException("cannot armour a certificate in memory", e);
    }
    return out.toString(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private List<String> primaryProblems(Instant now) {
    PGPPublicKey primary = ring.getPublicKey();
    if (primary.hasRevocation()) {
      return List.of("revoked");
    }
    Optional<Instant> exp = expiry(primary);
    if (exp.isPresent() && !exp.get().isAfter(now)) {
      return List.of("expired on " + exp.get());
    }
    return List.of();
  }

  /** The newest encryption key that is neither revoked nor expired now, or null. */
  PGPPublicKey usableEncryptionKey(Instant now) {
    PGPPublicKey best = null;
    for (PGPPublicKey k : encryptionKeys()) {
      if (k.hasRevocation() || expiry(k).map(e -> !e.isAfter(now)).orElse(false)) {
        continue;
      }
      if (best == null || k.getCreationTime().after(best.getCreationTime())) {
        best = k;
      }
    }
    return best;
  }

  List<PGPPublicKey> encryptionKeys() {
    List<PGPPublicKey> out = new ArrayList<>();
    for (PGPPublicKey k : ring) {
      if (k.isEncryptionKey()
          && hasFlag(k, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE, true)) {
        out.add(k);
      }
    }
    return out;
  }

  List<PGPPublicKey> signingKeys() {
    List<PGPPublicKey> out = new ArrayList<>();
    for (PGPPublicKey k : ring) {
      if (hasFlag(k, KeyFlags.SIGN_DATA, k.isMasterKey()) && !k.hasRevocation()) {
        out.add(k);
      }
    }
    return out;
  }

  /** Whether the key's self-signature grants any of these flags; without flags, the default. */
  private boolean hasFlag(PGPPublicKey key, int flags, boolean whenUnflagged) {
    for (PGPSignature sig : selfSignatures(key)) {
      PGPSignatureSubpacketVector hashed = sig.getHashedSubPackets();
      if (hashed != null
          && hashed.hasSubpacket(org.bouncycastle.bcpg.SignatureSubpacketTags.KEY_FLAGS)) {
        return (hashed.getKeyFlags() & flags) != 0;
      }
    }
    return whenUnflagged;
  }

  private List<PGPSignature> selfSignatures(PGPPublicKey key) {
    List<PGPSignature> out = new ArrayList<>();
    long primaryId = ring.getPublicKey().getKeyID();
    Iterator<PGPSignature> it = key.getSignatures();
    while (it.hasNext()) {
      PGPSignature sig = it.next();
      int t = sig.getSignatureType();
      boolean binding =
          t == PGPSignature.SUBKEY_BINDING
              || t == PGPSignature.DIRECT_KEY
              || t == PGPSignature.POSITIVE_CERTIFICATION
              || t == PGPSignature.CASUAL_CERTIFICATION
              || t == PGPSignature.NO_CERTIFICATION
              || t == PGPSignature.DEFAULT_CERTIFICATION;
      if (binding && sig.getKeyID() == primaryId) {
        out.add(sig);
      }
    }
    out.sort((a, b) -> b.getCreationTime().compareTo(a.getCreationTime()));
    return out;
  }

  static Optional<Instant> expiry(PGPPublicKey key) {
    long seconds = key.getValidSeconds();
    if (seconds <= 0) {
      return Optional.empty();
    }
    return Optional.of(key.getCreationTime().toInstant().plusSeconds(seconds));
  }
}
