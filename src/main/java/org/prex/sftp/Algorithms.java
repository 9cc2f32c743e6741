package org.prex.sftp;

import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.OptionalFeature;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.compression.BuiltinCompressions;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;

/**
 * The SSH algorithms the drop box offers, named one by one instead of MINA's defaults, which
 * include SHA-1 MACs and key exchanges, CBC ciphers and pre-authentication zlib
 * (docs/threat-model.md, "The drop box"). Post-quantum hybrid key exchanges come first where the
 * runtime supports them; a client that offers none of these algorithms is refused during the key
 * exchange, before it can authenticate.
 */
final class Algorithms {

  /** Key exchanges, most preferred first. */
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
   * No compression: uploads are mostly weights that do not compress, and inflating what a client
   * sends costs the exchange memory and time.
   */
  static final List<BuiltinCompressions> COMPRESSION = List.of(BuiltinCompressions.none);

  /**
   * Signatures the server makes (its Ed25519 host key) and checks (lab keys): no SHA-1 ("ssh-rsa")
   * and no DSA.
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

  private Algorithms() {}

  /** Sets every list on {@code server}, leaving out what this runtime does not support. */
  static void configure(SshServer server) {
    server.setKeyExchangeFactories(
        NamedFactory.setUpTransformedFactories(true, KEX, ServerBuilder.DH2KEX));
    server.setCipherFactories(supported(CIPHERS));
    server.setMacFactories(supported(MACS));
    server.setCompressionFactories(supported(COMPRESSION));
    server.setSignatureFactories(supported(SIGNATURES));
  }

  private static <T, F extends NamedFactory<T> & OptionalFeature> List<NamedFactory<T>> supported(
      List<F> all) {
    List<NamedFactory<T>> out = new ArrayList<>();
    for (F f : all) {
      if (f.isSupported()) {
        out.add(f);
      }
    }
    return out;
  }

  /** The names offered by {@code server}, one line per kind, for the start-up log. */
  static String describe(SshServer server) {
    return "kex "
        + NamedResource.getNames(server.getKeyExchangeFactories())
        + "; ciphers "
        + NamedResource.getNames(server.getCipherFactories())
        + "; macs "
        + NamedResource.getNames(server.getMacFactories())
        + "; compression "
        + NamedResource.getNames(server.getCompressionFactories());
  }
}
