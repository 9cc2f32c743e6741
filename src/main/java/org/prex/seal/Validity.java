package org.prex.seal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;

/**
 * What a certificate's verified self-signatures allow at a given time, and why not, in words: for
 * encrypting to it and for verifying its signatures.
 */
final class Validity {
  /** RSA, ElGamal and DSA keys below this size are refused (BSI / NIST guidance since 2016). */
  static final int MIN_FINITE_FIELD_BITS = 2048;

  private static final int ENCRYPT = KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE;
  private static final String NEEDED = " (" + MIN_FINITE_FIELD_BITS + " bits or more are needed)";

  private final SelfSignatures cert;

  Validity(SelfSignatures cert) {
    this.cert = cert;
  }

  List<String> encryptionProblems(Instant now) {
    return problems(now, false);
  }

  List<String> signingProblems(Instant now) {
    return problems(now, true);
  }

  /**
   * Why no key may sign (or be encrypted to) at {@code now}: the primary key's problems, else that
   * none is capable, else why the first capable key is not usable; empty when one is usable.
   */
  private List<String> problems(Instant now, boolean signing) {
    List<String> primary = primaryProblems(now);
    if (!primary.isEmpty()) {
      return primary;
    }
    if (!(signing ? usableSigningKeys(now) : usableEncryptionKeys(now)).isEmpty()) {
      return List.of();
    }
    List<PGPPublicKey> capable = signing ? signingCapable() : encryptionCapable();
    if (capable.isEmpty()) {
      return List.of(signing ? "has no signing-capable key" : "has no encryption-capable subkey");
    }
    return List.of(why(signing ? "signing" : "encryption", capable.get(0), now));
  }

  /** Keys that may be encrypted to at {@code now}: bound, flagged, unexpired, strong enough. */
  List<PGPPublicKey> usableEncryptionKeys(Instant now) {
    if (!primaryProblems(now).isEmpty()) {
      return List.of();
    }
    return cert.encryptionKeys(Date.from(now)).stream().filter(k -> !weak(k)).toList();
  }

  /** Keys whose signatures made at {@code when} are valid. */
  List<PGPPublicKey> usableSigningKeys(Instant when) {
    if (!primaryProblems(when).isEmpty()) {
      return List.of();
    }
    return cert.signingKeys(Date.from(when)).stream().filter(k -> !weak(k)).toList();
  }

  /** Keys that are, or were, meant for encryption, newest first; valid or not. */
  List<PGPPublicKey> encryptionCapable() {
    return flagged(ENCRYPT).stream().filter(PGPPublicKey::isEncryptionKey).toList();
  }

  /** Keys that are, or were, meant for signing data, newest first; valid or not. */
  List<PGPPublicKey> signingCapable() {
    return flagged(KeyFlags.SIGN_DATA);
  }

  Optional<Instant> expiry(PGPPublicKey key, Instant now) {
    Date at = latestSelfSignatureTime(key).filter(t -> t.before(Date.from(now))).orElse(null);
    Date expiry = cert.keyExpiration(key, at == null ? Date.from(now) : at);
    return Optional.ofNullable(expiry).map(Date::toInstant);
  }

  private List<String> primaryProblems(Instant now) {
    PGPPublicKey primary = cert.primary();
    if (revoked(primary, now)) {
      return List.of("revoked");
    }
    if (primary.getCreationTime().toInstant().isAfter(now)) {
      return List.of("is not valid before " + day(primary.getCreationTime().toInstant()));
    }
    Optional<Instant> expiry = expiry(primary, now);
    if (expiry.isPresent() && !expiry.get().isAfter(now)) {
      return List.of("expired on " + day(expiry.get()));
    }
    if (weak(primary)) {
      return List.of("its primary key is " + describe(primary) + ", too weak" + NEEDED);
    }
    if (!cert.isBound(primary, Date.from(now))) {
      return List.of("has no valid self-signature");
    }
    return List.of();
  }

  private String why(String role, PGPPublicKey key, Instant now) {
    String which = key == cert.primary() ? "its " + role + " key" : "its " + role + " subkey";
    if (revoked(key, now)) {
      return which + " is revoked";
    }
    Optional<Instant> expiry = expiry(key, now);
    if (expiry.isPresent() && !expiry.get().isAfter(now)) {
      return which + " expired on " + day(expiry.get());
    }
    if (key.getCreationTime().toInstant().isAfter(now)) {
      return which + " is not valid before " + day(key.getCreationTime().toInstant());
    }
    if (weak(key)) {
      return which + " is " + describe(key) + ", too weak" + NEEDED;
    }
    return which + " has no valid binding signature";
  }

  /** Keys whose newest self-signature (valid or not, at any time) grants any of these flags. */
  private List<PGPPublicKey> flagged(int flags) {
    List<PGPPublicKey> out = new ArrayList<>();
    for (PGPPublicKey k : cert.keys()) {
      PGPSignature latest = latestSelfSignature(k);
      if (latest != null
          && latest.getHashedSubPackets() != null
          && (latest.getHashedSubPackets().getKeyFlags() & flags) != 0) {
        out.add(k);
      }
    }
    out.sort(Comparator.comparing(PGPPublicKey::getCreationTime).reversed());
    return out;
  }

  private boolean revoked(PGPPublicKey key, Instant now) {
    return cert.isRevoked(key, Date.from(now));
  }

  private Optional<Date> latestSelfSignatureTime(PGPPublicKey key) {
    return Optional.ofNullable(latestSelfSignature(key)).map(PGPSignature::getCreationTime);
  }

  /**
   * The newest self-signature on a key that says something about it: a binding for a subkey; a
   * direct-key signature or user id certification for the primary key.
   */
  private PGPSignature latestSelfSignature(PGPPublicKey key) {
    long primaryId = cert.primary().getKeyIdentifier().getKeyId();
    PGPSignature latest = null;
    for (Iterator<PGPSignature> it = key.getSignatures(); it.hasNext(); ) {
      PGPSignature sig = it.next();
      int type = sig.getSignatureType();
      boolean relevant =
          key == cert.primary()
              ? type == PGPSignature.DIRECT_KEY || PGPSignature.isCertification(type)
              : type == PGPSignature.SUBKEY_BINDING;
      if (relevant
          && sig.getKeyID() == primaryId
          && (latest == null || sig.getCreationTime().after(latest.getCreationTime()))) {
        latest = sig;
      }
    }
    return latest;
  }

  @SuppressWarnings("deprecation") // RSA_ENCRYPT, RSA_SIGN, ELGAMAL_GENERAL: still met in old keys
  static boolean weak(PGPPublicKey key) {
    return switch (key.getAlgorithm()) {
      case PublicKeyAlgorithmTags.RSA_GENERAL,
          PublicKeyAlgorithmTags.RSA_ENCRYPT,
          PublicKeyAlgorithmTags.RSA_SIGN,
          PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT,
          PublicKeyAlgorithmTags.ELGAMAL_GENERAL,
          PublicKeyAlgorithmTags.DSA ->
          key.getBitStrength() < MIN_FINITE_FIELD_BITS;
      default -> false;
    };
  }

  @SuppressWarnings("deprecation") // ELGAMAL_GENERAL: still met in old keys
  private static String describe(PGPPublicKey key) {
    int bits = key.getBitStrength();
    return switch (key.getAlgorithm()) {
      case PublicKeyAlgorithmTags.DSA -> "DSA-" + bits;
      case PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT, PublicKeyAlgorithmTags.ELGAMAL_GENERAL ->
          "ElGamal-" + bits;
      default -> "RSA-" + bits;
    };
  }

  static String day(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
  }
}
