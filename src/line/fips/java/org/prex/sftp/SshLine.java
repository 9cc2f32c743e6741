package org.prex.sftp;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.signature.BuiltinSignatures;

/**
 * The SSH algorithms and key types of the FIPS line (docs/fips.md): only what approved-only mode
 * may use. Key exchange by ECDH on NIST P-384, P-256 or P-521 (SP 800-56A); AES-GCM, or AES-CTR
 * with HMAC-SHA-2; ECDSA, or RSA with SHA-2, signatures (FIPS 186-5). No X25519, no
 * ChaCha20-Poly1305, no Ed25519 (the FIPS module verifies no EdDSA signature in approved-only
 * mode), no post-quantum hybrids (not in the module). OpenSSH clients offer all of these by
 * default.
 */
public final class SshLine {
  private SshLine() {}

  /** Key exchanges the drop box offers, most preferred first. */
  static final List<BuiltinDHFactories> KEX =
      List.of(
          BuiltinDHFactories.ecdhp384, BuiltinDHFactories.ecdhp256, BuiltinDHFactories.ecdhp521);

  /** AES-GCM first, then AES in counter mode. */
  static final List<BuiltinCiphers> CIPHERS =
      List.of(
          BuiltinCiphers.aes256gcm,
          BuiltinCiphers.aes128gcm,
          BuiltinCiphers.aes256ctr,
          BuiltinCiphers.aes192ctr,
          BuiltinCiphers.aes128ctr);

  /** HMAC with SHA-2 only, encrypt-then-MAC first (unused with AES-GCM). */
  static final List<BuiltinMacs> MACS =
      List.of(
          BuiltinMacs.hmacsha512etm,
          BuiltinMacs.hmacsha256etm,
          BuiltinMacs.hmacsha512,
          BuiltinMacs.hmacsha256);

  /** Signatures the server makes (its ECDSA host key) and checks (lab keys). */
  static final List<BuiltinSignatures> SIGNATURES =
      List.of(
          BuiltinSignatures.nistp384,
          BuiltinSignatures.nistp256,
          BuiltinSignatures.nistp521,
          BuiltinSignatures.rsaSHA512,
          BuiltinSignatures.rsaSHA256);

  /** The drop box's host key type. */
  public static final String HOST_KEY_TYPE = KeyPairProvider.ECDSA_SHA2_NISTP384;

  /** The host key's file name in {@code KEYS/exchange}. */
  public static final String HOST_KEY_FILE = "ssh_host_ecdsa_key";

  /** The key type a lab is told to make, and how. */
  public static final String LAB_KEY_ADVICE = "ecdsa-sha2-nistp384 (ssh-keygen -t ecdsa -b 384)";

  /** RSA lab keys below this are refused on this line (the framework's floor for RSA). */
  private static final int MIN_RSA_BITS = 3072;

  /** A new host key, or a lab's key from {@code keys init --lab}: ECDSA on P-384. */
  public static KeyPair newKeyPair() throws GeneralSecurityException {
    return KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP384, 384);
  }

  /** Why approved-only mode cannot take a lab's key of this kind; null when it can. */
  public static String refusal(PublicKey key) {
    if (key instanceof ECPublicKey) {
      return null;
    }
    if (key instanceof RSAPublicKey rsa) {
      int bits = rsa.getModulus().bitLength();
      return bits >= MIN_RSA_BITS
          ? null
          : "RSA key of "
              + bits
              + " bits: FIPS approved-only mode here takes RSA of "
              + MIN_RSA_BITS
              + " bits or more; or use "
              + LAB_KEY_ADVICE;
    }
    return refusalOfType(KeyUtils.getKeyType(key));
  }

  /** The key types of authorized_keys lines this line takes (RSA: with SHA-2 signatures). */
  private static final java.util.Set<String> TYPES =
      java.util.Set.of(
          KeyPairProvider.ECDSA_SHA2_NISTP256,
          KeyPairProvider.ECDSA_SHA2_NISTP384,
          KeyPairProvider.ECDSA_SHA2_NISTP521,
          KeyPairProvider.SSH_RSA);

  /**
   * Why approved-only mode cannot take a lab's key of this authorized_keys type, named before the
   * key is read (the FIPS module cannot even read an Ed25519 key); null when it may.
   */
  public static String refusalOfType(String type) {
    return type == null || TYPES.contains(type)
        ? null
        : type + " keys cannot be used in FIPS approved-only mode; use " + LAB_KEY_ADVICE;
  }
}
