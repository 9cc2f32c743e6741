package org.prex.seal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyUtils;
import org.bouncycastle.bcpg.SignatureSubpacket;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyExpirationTime;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.bcpg.sig.NotationData;
import org.bouncycastle.bcpg.sig.PreferredAEADCiphersuites;
import org.bouncycastle.bcpg.sig.PrimaryUserID;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * What a certificate's self-signatures validly say at a given time: which keys are bound, revoked,
 * flagged for what, when they expire, which user id is primary, what the certificate prefers.
 *
 * <p>The rules are those of BouncyCastle's {@code OpenPGPCertificate} (bcpg 1.87), which prex used
 * until the FIPS line needed the classic OpenPGP API instead (bcpg-fips lacks the newer {@code api}
 * package), checked against it signature for signature on a wide set of certificates: every
 * self-signature is a link of a chain rooted at the primary key (a subkey binding hangs below each
 * direct-key signature, if there are any); a chain counts only if each of its signatures verifies
 * (correct, by an acceptable key, with an acceptable hash, well formed; a signing subkey's binding
 * carries a valid back-signature), and chains that do not are dropped; the rest are ordered hard
 * revocations first, then newest first, and at a given time the first in effect decides. A subkey's
 * flags and expiry come from its binding alone; other settings, and the primary key's, from the
 * binding, else from the certificate's preference signature (the direct-key signature, else the
 * primary user id's binding). Signature checks run in the JCA provider prex names ({@link
 * Providers#BC}), as BouncyCastle's lightweight ones did before.
 */
final class SelfSignatures {
  private final PGPPublicKey primary;
  private final List<PGPPublicKey> keys = new ArrayList<>();
  private final List<String> userIds = new ArrayList<>();
  private final Map<PGPPublicKey, Chains> keyChains = new IdentityHashMap<>();
  private final Map<String, Chains> userIdChains = new LinkedHashMap<>();
  private final PGPContentVerifierBuilderProvider verifiers;

  SelfSignatures(PGPPublicKeyRing ring) {
    Providers.ensure();
    this.verifiers = new JcaPGPContentVerifierBuilderProvider().setProvider(Providers.BC);
    for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
      keys.add(it.next());
    }
    this.primary = keys.get(0);
    for (Iterator<String> it = primary.getUserIDs(); it.hasNext(); ) {
      userIds.add(it.next());
    }

    Chains direct = new Chains();
    for (Iterator<PGPSignature> it = primary.getSignatures(); it.hasNext(); ) {
      PGPSignature sig = it.next();
      int type = sig.getSignatureType();
      if (type == PGPSignature.DIRECT_KEY || type == PGPSignature.KEY_REVOCATION) {
        direct.add(new Chain(new Sig(sig, issuer(sig), new Target(primary, null))));
      }
    }
    keyChains.put(primary, direct.withoutBrokenSelfSignatures());

    for (String id : userIds) {
      Chains bindings = new Chains();
      for (Iterator<PGPSignature> it = primary.getSignaturesForID(id); it.hasNext(); ) {
        PGPSignature sig = it.next();
        bindings.add(new Chain(new Sig(sig, issuer(sig), new Target(primary, id))));
      }
      userIdChains.put(id, bindings.withoutBrokenSelfSignatures());
    }

    for (PGPPublicKey subkey : keys.subList(1, keys.size())) {
      Chains bindings = new Chains();
      for (Iterator<PGPSignature> it = subkey.getSignatures(); it.hasNext(); ) {
        PGPSignature sig = it.next();
        int type = sig.getSignatureType();
        if (type != PGPSignature.SUBKEY_BINDING && type != PGPSignature.SUBKEY_REVOCATION) {
          continue;
        }
        Sig binding = new Sig(sig, primary, new Target(subkey, null));
        Chains above = all(new Target(primary, null));
        if (above.set.isEmpty()) {
          bindings.add(new Chain(binding));
        } else {
          for (Chain c : above.set) {
            bindings.add(c.plus(binding));
          }
        }
      }
      keyChains.put(subkey, bindings.withoutBrokenSelfSignatures());
    }
  }

  PGPPublicKey primary() {
    return primary;
  }

  /** The primary key, then the subkeys, in the certificate's order. */
  List<PGPPublicKey> keys() {
    return keys;
  }

  /** Keys bound at {@code t} whose algorithm encrypts and whose flags allow encryption. */
  List<PGPPublicKey> encryptionKeys(Date t) {
    List<PGPPublicKey> out = new ArrayList<>();
    for (PGPPublicKey k : keys) {
      if (isBound(k, t)
          && k.isEncryptionKey()
          && (hasKeyFlag(k, t, KeyFlags.ENCRYPT_COMMS)
              || hasKeyFlag(k, t, KeyFlags.ENCRYPT_STORAGE))) {
        out.add(k);
      }
    }
    return out;
  }

  /** Keys bound at {@code t} whose algorithm signs and whose flags allow signing data. */
  List<PGPPublicKey> signingKeys(Date t) {
    List<PGPPublicKey> out = new ArrayList<>();
    for (PGPPublicKey k : keys) {
      if (isBound(k, t)
          && PublicKeyUtils.isSigningAlgorithm(k.getAlgorithm())
          && hasKeyFlag(k, t, KeyFlags.SIGN_DATA)) {
        out.add(k);
      }
    }
    return out;
  }

  /**
   * Whether {@code key} is bound at {@code t}: not expired by the expiry that applies to it, and
   * the chain in effect (for the primary key without a direct-key signature: its primary user id's
   * binding) is a valid certification, not a revocation.
   */
  boolean isBound(PGPPublicKey key, Date t) {
    Target target = new Target(key, null);
    if (primary.getVersion() == 6
        && all(new Target(primary, null)).fromOrigin(primary).certificationAt(t) == null) {
      return false; // a v6 certificate needs a valid direct-key signature
    }
    if (expired(key, t) || (key != primary && expired(primary, t))) {
      return false;
    }
    Chains chains = all(target).fromOrigin(primary);
    if (key == primary && chains.certificationAt(t) == null) {
      String id = primaryUserId(t);
      if (id != null) {
        chains.addAll(all(new Target(primary, id)).fromOrigin(primary));
      }
    }
    Chain chain = chains.chainAt(t);
    return chain != null && chain.valid() && !chain.revocation();
  }

  /** Whether the key expiry that applies to {@code key} at {@code t} is before {@code t}. */
  private boolean expired(PGPPublicKey key, Date t) {
    Applying expiry = applying(new Target(key, null), t, SignatureSubpacketTags.KEY_EXPIRE_TIME);
    if (expiry == null) {
      return false;
    }
    long seconds = ((KeyExpirationTime) expiry.packet()).getTime();
    return seconds != 0 && new Date(key.getCreationTime().getTime() + 1000 * seconds).before(t);
  }

  /**
   * When {@code key} expires according to the first valid self-certification in effect at {@code t}
   * (the key's own binding; for the primary key also its first user id's); null if never or none
   * says.
   */
  Date keyExpiration(PGPPublicKey key, Date t) {
    for (Chain chain : self(new Target(key, null)).at(t).set) {
      if (chain.certification() && chain.valid()) {
        return chain.leaf().keyExpiration();
      }
    }
    return null;
  }

  /** Whether a self-revocation of {@code key} is in effect at {@code t} and verifies. */
  boolean isRevoked(PGPPublicKey key, Date t) {
    Chain revocation = self(new Target(key, null)).revocationAt(t);
    return revocation != null && revocation.leaf().valid();
  }

  /** The user id that is primary at {@code t}, explicitly or else as the oldest bound; or null. */
  String primaryUserId(Date t) {
    PGPSignature latest = null;
    String explicit = null;
    for (String id : userIds) {
      Applying primaryFlag =
          applying(new Target(primary, id), t, SignatureSubpacketTags.PRIMARY_USER_ID);
      if (primaryFlag == null || !((PrimaryUserID) primaryFlag.packet()).isPrimaryUserID()) {
        continue;
      }
      if (latest == null || primaryFlag.from().getCreationTime().after(latest.getCreationTime())) {
        latest = primaryFlag.from();
        explicit = id;
      }
    }
    if (explicit != null) {
      return explicit;
    }
    PGPSignature oldest = null;
    String implicit = null;
    for (String id : userIds) {
      Chain chain = all(new Target(primary, id)).certificationAt(t);
      if (chain == null) {
        continue;
      }
      PGPSignature binding = chain.leaf().sig;
      if (oldest == null || binding.getCreationTime().before(oldest.getCreationTime())) {
        oldest = binding;
        implicit = id;
      }
    }
    return implicit;
  }

  /** The Features subpacket that applies to the certificate at {@code t}, or null. */
  Features features(Date t) {
    Applying a = applying(new Target(primary, null), t, SignatureSubpacketTags.FEATURES);
    return a == null ? null : (Features) a.packet();
  }

  /** The RFC 9580 AEAD ciphersuite preferences that apply at {@code t}, or null. */
  PreferredAEADCiphersuites aeadPreferences(Date t) {
    Applying a =
        applying(new Target(primary, null), t, SignatureSubpacketTags.PREFERRED_AEAD_ALGORITHMS);
    return a == null ? null : (PreferredAEADCiphersuites) a.packet();
  }

  private boolean hasKeyFlag(PGPPublicKey key, Date t, int flag) {
    Applying a = applying(new Target(key, null), t, SignatureSubpacketTags.KEY_FLAGS);
    return a != null && (((KeyFlags) a.packet()).getFlags() & flag) == flag;
  }

  /** A subpacket, and the self-signature it was read from. */
  private record Applying(SignatureSubpacket packet, PGPSignature from) {}

  /**
   * The subpacket of {@code type} that applies to a component at {@code t}: from its certification
   * in effect, if that is valid and has one, else from the certificate's preference signature.
   */
  private Applying applying(Target target, Date t, int type) {
    Chain binding = self(target).certificationAt(t);
    if (binding == null || !binding.valid()) {
      return null;
    }
    PGPSignature from = binding.leaf().sig;
    PGPSignatureSubpacketVector hashed = from.getHashedSubPackets();
    if (hashed == null || !hashed.hasSubpacket(type)) {
      boolean subkey = target.userId() == null && target.key() != primary;
      if (subkey
          && (type == SignatureSubpacketTags.KEY_FLAGS
              || type == SignatureSubpacketTags.KEY_EXPIRE_TIME)) {
        return null; // a subkey's own binding alone says what it may do and when it expires
      }
      Chain preference = preference(t);
      if (preference == null) {
        return null;
      }
      from = preference.leaf().sig;
      hashed = from.getHashedSubPackets();
    }
    SignatureSubpacket packet = hashed == null ? null : hashed.getSubpacket(type);
    return packet == null ? null : new Applying(packet, from);
  }

  /**
   * The chain whose signature carries certificate-wide settings at {@code t}: the primary key's
   * certification in effect (direct-key, or its first user id's), else the newest user id binding,
   * one marked primary first.
   */
  private Chain preference(Date t) {
    Chain direct = self(new Target(primary, null)).certificationAt(t);
    if (direct != null) {
      return direct;
    }
    List<Chain> bindings = new ArrayList<>();
    for (String id : userIds) {
      Chain binding = all(new Target(primary, id)).fromOrigin(primary).certificationAt(t);
      if (binding != null) {
        bindings.add(binding);
      }
    }
    bindings.sort(Comparator.comparing(Chain::since).reversed());
    for (Chain binding : bindings) {
      PGPSignatureSubpacketVector hashed = binding.leaf().sig.getHashedSubPackets();
      if (hashed != null && hashed.isPrimaryUserID()) {
        return binding;
      }
    }
    return bindings.isEmpty() ? null : bindings.get(0);
  }

  /** Every chain on a component, whoever rooted it. */
  private Chains all(Target target) {
    Chains out = new Chains();
    out.addAll(
        target.userId() != null ? userIdChains.get(target.userId()) : keyChains.get(target.key()));
    return out;
  }

  /** The chains rooted at the primary key; for the primary key also its first user id's. */
  private Chains self(Target target) {
    Chains chains = all(target);
    if (target.userId() == null && target.key() == primary && !userIds.isEmpty()) {
      chains.addAll(all(new Target(primary, userIds.get(0))));
    }
    return chains.fromOrigin(primary);
  }

  /**
   * The primary key if it made {@code sig}, else null (not a self-signature): a subkey binding or
   * revocation is the primary key's by its type; any other signature if it names the primary key.
   */
  private PGPPublicKey issuer(PGPSignature sig) {
    int type = sig.getSignatureType();
    return type == PGPSignature.SUBKEY_BINDING
            || type == PGPSignature.SUBKEY_REVOCATION
            || KeyIdentifier.matches(sig.getKeyIdentifiers(), primary.getKeyIdentifier(), true)
        ? primary
        : null;
  }

  /** What a signature is about: a key, or a user id of the primary key ({@code key} is then it). */
  private record Target(PGPPublicKey key, String userId) {}

  /** One self-signature, verified once. */
  private final class Sig {
    final PGPSignature sig;
    final PGPPublicKey issuer;
    final Target target;
    private Boolean valid;

    Sig(PGPSignature sig, PGPPublicKey issuer, Target target) {
      this.sig = sig;
      this.issuer = issuer;
      this.target = target;
    }

    boolean revocation() {
      return PGPSignature.isRevocation(sig.getSignatureType());
    }

    boolean hard() {
      return sig.isHardRevocation();
    }

    /** When the link takes effect: a hard revocation from the beginning of time. */
    Date since() {
      return hard() ? new Date(0L) : sig.getCreationTime();
    }

    /**
     * Until when the link is in effect: a hard revocation for ever; otherwise the earlier of the
     * signature's expiry and (for a signing subkey's binding) its back-signature's.
     */
    Date until() {
      if (hard()) {
        return new Date(Long.MAX_VALUE);
      }
      Date expiry = expiration(sig);
      Date back = backSignatureExpiration();
      if (expiry == null) {
        return back;
      }
      return back == null || expiry.before(back) ? expiry : back;
    }

    private Date backSignatureExpiration() {
      PGPSignatureSubpacketVector hashed = sig.getHashedSubPackets();
      if (sig.getSignatureType() != PGPSignature.SUBKEY_BINDING
          || hashed == null
          || (hashed.getKeyFlags() & KeyFlags.SIGN_DATA) != KeyFlags.SIGN_DATA) {
        return null;
      }
      try {
        List<PGPSignature> embedded = list(hashed.getEmbeddedSignatures());
        return embedded.isEmpty() ? null : expiration(embedded.get(0));
      } catch (PGPException e) {
        return null;
      }
    }

    /** The key expiry this signature states for the key it is about; null if none or never. */
    Date keyExpiration() {
      PGPSignatureSubpacketVector hashed = sig.getHashedSubPackets();
      long seconds = hashed == null ? 0 : hashed.getKeyExpirationTime();
      return seconds == 0
          ? null
          : new Date(target.key().getCreationTime().getTime() + 1000 * seconds);
    }

    /** Correct, by an acceptable key with an acceptable hash, and well formed. */
    synchronized boolean valid() {
      if (valid == null) {
        valid = verify();
      }
      return valid;
    }

    private boolean verify() {
      if (issuer == null || !wellFormed(sig, issuer)) {
        return false;
      }
      int type = sig.getSignatureType();
      try {
        if (type == PGPSignature.DIRECT_KEY || type == PGPSignature.KEY_REVOCATION) {
          sig.init(verifiers, issuer);
          return sig.verifyCertification(target.key());
        }
        if (type == PGPSignature.SUBKEY_BINDING || type == PGPSignature.SUBKEY_REVOCATION) {
          if (target.userId() != null
              || (type == PGPSignature.SUBKEY_BINDING && !backSigned())
              || target.key().getCreationTime().after(sig.getCreationTime())) {
            return false;
          }
          sig.init(verifiers, issuer);
          return sig.verifyCertification(issuer, target.key());
        }
        if (target.userId() != null) {
          sig.init(verifiers, issuer);
          return sig.verifyCertification(target.userId(), target.key());
        }
        return false;
      } catch (PGPException | RuntimeException e) {
        return false;
      }
    }

    /**
     * A binding that lets a subkey sign data must embed a primary key binding signature by the
     * subkey, in effect when the binding was made, and valid.
     */
    private boolean backSigned() {
      PGPSignatureSubpacketVector hashed = sig.getHashedSubPackets();
      if (hashed == null || (hashed.getKeyFlags() & KeyFlags.SIGN_DATA) != KeyFlags.SIGN_DATA) {
        return true;
      }
      PGPPublicKey subkey = target.key();
      List<PGPSignature> embedded;
      try {
        embedded = list(hashed.getEmbeddedSignatures());
        embedded.addAll(list(sig.getUnhashedSubPackets().getEmbeddedSignatures()));
      } catch (PGPException e) {
        return false;
      }
      for (PGPSignature back : embedded) {
        if (back.getSignatureType() != PGPSignature.PRIMARYKEY_BINDING
            || !inEffect(back, sig.getCreationTime())
            || !wellFormed(back, subkey)) {
          continue;
        }
        try {
          back.init(verifiers, subkey);
          if (back.verifyCertification(issuer, subkey)) {
            return true;
          }
        } catch (PGPException | RuntimeException e) {
          // try the next one
        }
      }
      return false;
    }
  }

  private static List<PGPSignature> list(Iterable<PGPSignature> sigs) {
    List<PGPSignature> out = new ArrayList<>();
    sigs.forEach(out::add);
    return out;
  }

  /** When a signature stops being in effect; null if never. */
  private static Date expiration(PGPSignature sig) {
    PGPSignatureSubpacketVector hashed = sig.getHashedSubPackets();
    long seconds = hashed == null ? 0 : hashed.getSignatureExpirationTime();
    return seconds == 0 ? null : new Date(sig.getCreationTime().getTime() + 1000 * seconds);
  }

  /** Made no later than {@code t} and not expired at it (a hard revocation always is). */
  private static boolean inEffect(PGPSignature sig, Date t) {
    if (sig.isHardRevocation()) {
      return true;
    }
    Date expiry = expiration(sig);
    return !t.before(sig.getCreationTime()) && (expiry == null || t.before(expiry));
  }

  // BouncyCastle's default OpenPGP policy (OpenPGPDefaultPolicy, bcpg 1.87), which the signature
  // checks above applied: which issuer keys, and which hashes until when, are acceptable.

  private static final Instant SHA1_CUTOFF = Instant.parse("2023-02-01T00:00:00Z");
  private static final Instant MD5_CUTOFF = Instant.parse("1997-02-01T00:00:00Z");

  /** Sanity of a signature by {@code issuer}, before its cryptography is checked. */
  private static boolean wellFormed(PGPSignature sig, PGPPublicKey issuer) {
    if (!acceptableKey(issuer) || !acceptableHash(sig)) {
      return false;
    }
    if (sig.getVersion() < 4) {
      return !sig.getCreationTime().before(issuer.getCreationTime());
    }
    PGPSignatureSubpacketVector hashed = sig.getHashedSubPackets();
    if (hashed == null) {
      return false;
    }
    PGPSignatureSubpacketVector unhashed = sig.getUnhashedSubPackets();
    Date created = hashed.getSignatureCreationTime();
    if (created == null || created.before(issuer.getCreationTime())) {
      return false;
    }
    for (NotationData notation : hashed.getNotationDataOccurrences()) {
      if (notation.isCritical()) {
        return false;
      }
    }
    for (SignatureSubpacket packet : hashed.toArray()) {
      // the parser gives subpackets it does not know as the base class
      if (packet.isCritical() && packet.getClass().equals(SignatureSubpacket.class)) {
        return false;
      }
    }
    boolean fingerprint =
        hashed.getIssuerFingerprint() != null || unhashed.getIssuerFingerprint() != null;
    switch (sig.getVersion()) {
      case 4, 5 -> {
        int type = sig.getSignatureType();
        if (!fingerprint
            && !hashed.hasSubpacket(SignatureSubpacketTags.ISSUER_KEY_ID)
            && !unhashed.hasSubpacket(SignatureSubpacketTags.ISSUER_KEY_ID)
            && type != PGPSignature.SUBKEY_BINDING
            && type != PGPSignature.PRIMARYKEY_BINDING) {
          return false;
        }
      }
      case 6 -> {
        if (hashed.hasSubpacket(SignatureSubpacketTags.ISSUER_KEY_ID) || !fingerprint) {
          return false;
        }
      }
      default -> {}
    }
    return true;
  }

  @SuppressWarnings("deprecation") // RSA_ENCRYPT, RSA_SIGN: still met in old keys
  private static boolean acceptableKey(PGPPublicKey key) {
    return switch (key.getAlgorithm()) {
      case PublicKeyAlgorithmTags.RSA_GENERAL,
          PublicKeyAlgorithmTags.RSA_ENCRYPT,
          PublicKeyAlgorithmTags.RSA_SIGN ->
          key.getBitStrength() >= 2000;
      case PublicKeyAlgorithmTags.ECDSA,
          PublicKeyAlgorithmTags.EDDSA_LEGACY,
          PublicKeyAlgorithmTags.ECDH ->
          key.getBitStrength() >= 250;
      case PublicKeyAlgorithmTags.X25519,
          PublicKeyAlgorithmTags.X448,
          PublicKeyAlgorithmTags.Ed25519,
          PublicKeyAlgorithmTags.Ed448 ->
          true;
      // the post-quantum and composite algorithms of draft-ietf-openpgp-pqc
      case 30, 31, 32, 33, 34, 35, 36 -> true;
      default -> false; // DSA and ElGamal among them
    };
  }

  private static boolean acceptableHash(PGPSignature sig) {
    int hash = sig.getHashAlgorithm();
    switch (hash) {
      case HashAlgorithmTags.SHA3_512,
          HashAlgorithmTags.SHA3_256,
          HashAlgorithmTags.SHA512,
          HashAlgorithmTags.SHA384,
          HashAlgorithmTags.SHA256,
          HashAlgorithmTags.SHA224 -> {
        return true;
      }
      default -> {}
    }
    // certifications, bindings and revocations only: SHA-1 and RIPEMD-160 until 2023, MD5 until
    // 1997
    boolean keySignature =
        switch (sig.getSignatureType()) {
          case PGPSignature.DEFAULT_CERTIFICATION,
              PGPSignature.NO_CERTIFICATION,
              PGPSignature.CASUAL_CERTIFICATION,
              PGPSignature.POSITIVE_CERTIFICATION,
              PGPSignature.DIRECT_KEY,
              PGPSignature.SUBKEY_BINDING,
              PGPSignature.PRIMARYKEY_BINDING,
              PGPSignature.CERTIFICATION_REVOCATION,
              PGPSignature.KEY_REVOCATION,
              PGPSignature.SUBKEY_REVOCATION ->
              true;
          default -> false;
        };
    Instant made = sig.getCreationTime().toInstant();
    return keySignature
        && switch (hash) {
          case HashAlgorithmTags.SHA1, HashAlgorithmTags.RIPEMD160 -> made.isBefore(SHA1_CUTOFF);
          case HashAlgorithmTags.MD5 -> made.isBefore(MD5_CUTOFF);
          default -> false;
        };
  }

  /**
   * Self-signatures from the primary key down to a component. Ordered as BouncyCastle orders them:
   * hard revocations first, then by the root's and then the leaf's time, newest first, a
   * certification before a revocation of the same time. Never equal unless the same chain, so a set
   * keeps every one; ties fall in the order the set's insertions leave them, as in BouncyCastle,
   * which builds and copies these sets the same way.
   */
  private static final class Chain implements Comparable<Chain> {
    private final List<Sig> links;

    Chain(Sig root) {
      this.links = List.of(root);
    }

    private Chain(List<Sig> links) {
      this.links = links;
    }

    Chain plus(Sig next) {
      List<Sig> longer = new ArrayList<>(links);
      longer.add(next);
      return new Chain(List.copyOf(longer));
    }

    Sig root() {
      return links.get(0);
    }

    Sig leaf() {
      return links.get(links.size() - 1);
    }

    boolean revocation() {
      return links.stream().anyMatch(Sig::revocation);
    }

    boolean certification() {
      return !revocation();
    }

    boolean hard() {
      return links.stream().anyMatch(Sig::hard);
    }

    /** The newest signature's time. */
    Date since() {
      Date latest = null;
      for (Sig link : links) {
        Date made = link.sig.getCreationTime();
        if (latest == null || made.after(latest)) {
          latest = made;
        }
      }
      return latest;
    }

    /** The earliest end of any link; null if none ends. */
    Date until() {
      Date soonest = null;
      for (Sig link : links) {
        Date until = link.until();
        if (until != null && (soonest == null || until.before(soonest))) {
          soonest = until;
        }
      }
      return soonest;
    }

    boolean effectiveAt(Date t) {
      if (hard()) {
        return true;
      }
      Date until = until();
      return !t.before(since()) && (until == null || !t.after(until));
    }

    boolean valid() {
      for (Sig link : links) {
        if (!link.valid()) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int compareTo(Chain other) {
      if (this == other) {
        return 0;
      }
      if (hard()) {
        return -1;
      }
      if (other.hard()) {
        return 1;
      }
      int c = -root().since().compareTo(other.root().since());
      if (c != 0) {
        return c;
      }
      c = -leaf().since().compareTo(other.leaf().since());
      if (c != 0) {
        return c;
      }
      return revocation() ? 1 : -1;
    }

    // compareTo is only 0 for the same chain: identity is the matching equality
    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  /**
   * A set of chains in precedence order (see {@link Chain}). What it answers for a time is always a
   * valid chain rooted at the primary key.
   */
  private static final class Chains {
    final TreeSet<Chain> set = new TreeSet<>();

    void add(Chain chain) {
      set.add(chain);
    }

    void addAll(Chains other) {
      set.addAll(other.set);
    }

    /** Without the self-signature chains that do not verify (foreign ones are kept). */
    Chains withoutBrokenSelfSignatures() {
      Chains out = new Chains();
      for (Chain c : set) {
        if (c.root().issuer == null || c.valid()) {
          out.add(c);
        }
      }
      return out;
    }

    Chains fromOrigin(PGPPublicKey root) {
      Chains out = new Chains();
      for (Chain c : set) {
        if (c.root().issuer == root) {
          out.add(c);
        }
      }
      return out;
    }

    /** The chains in effect at {@code t}, valid or not. */
    Chains at(Date t) {
      Chains out = new Chains();
      for (Chain c : set) {
        if (c.effectiveAt(t)) {
          out.add(c);
        }
      }
      return out;
    }

    Chain certificationAt(Date t) {
      for (Chain c : set) {
        if (c.effectiveAt(t) && c.certification() && validSelf(c)) {
          return c;
        }
      }
      return null;
    }

    Chain revocationAt(Date t) {
      for (Chain c : set) {
        if (c.revocation() && c.effectiveAt(t) && validSelf(c)) {
          return c;
        }
      }
      return null;
    }

    Chain chainAt(Date t) {
      for (Chain c : at(t).set) {
        if (validSelf(c)) {
          return c;
        }
      }
      return null;
    }

    private static boolean validSelf(Chain c) {
      return c.root().issuer != null && c.valid();
    }
  }
}
