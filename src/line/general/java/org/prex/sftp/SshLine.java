package org.prex.sftp;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.signature.BuiltinSignatures;

/**
 * The SSH algorithms and key types of the general line (docs/fips.md): post-quantum hybrid key
 * exchanges first, ChaCha20-Poly1305 and AES, Ed25519 host and lab keys. The FIPS line's class of
 * the same name allows only what approved-only mode may use.
 */
public final class SshLine {
  private SshLine() {}

  /** Key exchanges the drop box offers, most preferred first. */
  static final List<BuiltinDHFactories> KEX =
      List.of(
          BuiltinDHFactories.mlkem768x25519,
          BuiltinDHFactories.sntrup761x25519_openssh,
          BuiltinDHFactories.sntrup761x25519,
          BuiltinDHFactories.curve25519,
          BuiltinDHFactories.curve25519_libssh,
          BuiltinDHFactories.ecdhp521,
          BuiltinDHFactories.ecdhp384,
          BuiltinDHFactories.ecdhp256);

  /** AEAD ciphers first, then AES in counter mode; no CBC, no arcfour, no 3DES. */
  static final List<BuiltinCiphers> CIPHERS =
      List.of(
          BuiltinCiphers.cc20p1305_openssh,
          BuiltinCiphers.aes256gcm,
          BuiltinCiphers.aes128gcm,
          BuiltinCiphers.aes256ctr,
          BuiltinCiphers.aes192ctr,
          BuiltinCiphers.aes128ctr);

  /** SHA-2 MACs only, encrypt-then-MAC first (unused with the AEAD ciphers). */
  static final List<BuiltinMacs> MACS =
      List.of(
          BuiltinMacs.hmacsha512etm,
          BuiltinMacs.hmacsha256etm,
          BuiltinMacs.hmacsha512,
          BuiltinMacs.hmacsha256);

  /**
   * Signatures the server makes (its host key) and checks (lab keys): no SHA-1 ("ssh-rsa") and no
   * DSA.
   */
  static final List<BuiltinSignatures> SIGNATURES =
      List.of(
          BuiltinSignatures.ed25519,
          BuiltinSignatures.sk_ssh_ed25519,
          BuiltinSignatures.nistp256,
          BuiltinSignatures.nistp384,
          BuiltinSignatures.nistp521,
          BuiltinSignatures.sk_ecdsa_sha2_nistp256,
          BuiltinSignatures.rsaSHA512,
          BuiltinSignatures.rsaSHA256);

  /** The drop box's host key type. */
  public static final String HOST_KEY_TYPE = KeyPairProvider.SSH_ED25519;

  /** The host key's file name in {@code KEYS/exchange}. */
  public static final String HOST_KEY_FILE = "ssh_host_ed25519_key";

  /** The key type a lab is told to make, and how. */
  public static final String LAB_KEY_ADVICE = "ssh-ed25519 (ssh-keygen -t ed25519)";

  /** A new host key, or a lab's key from {@code keys init --lab}: Ed25519. */
  public static KeyPair newKeyPair() throws GeneralSecurityException {
    return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
  }

  /** Why this line cannot take a lab's key of this kind; null when it can. */
  public static String refusal(PublicKey key) {
    return null;
  }

  /** Why this line cannot take a lab's key of this authorized_keys type; null when it may. */
  public static String refusalOfType(String type) {
    return null;
  }
}
