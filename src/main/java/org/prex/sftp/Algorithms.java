package org.prex.sftp;

import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.OptionalFeature;
import org.apache.sshd.common.compression.BuiltinCompressions;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;

/**
 * The SSH algorithms the drop box offers, named one by one instead of MINA's defaults, which
 * include SHA-1 MACs and key exchanges, CBC ciphers and pre-authentication zlib
 * (docs/threat-model.md, "The drop box"). The lists are the line's ({@link SshLine}, docs/fips.md):
 * on the general line post-quantum hybrid key exchanges come first where the runtime supports them;
 * on the FIPS line only approved algorithms are offered. A client that offers none of them is
 * refused during the key exchange, before it can authenticate.
 */
final class Algorithms {

  /**
   * No compression: uploads are mostly weights that do not compress, and inflating what a client
   * sends costs the exchange memory and time.
   */
  static final List<BuiltinCompressions> COMPRESSION = List.of(BuiltinCompressions.none);

  private Algorithms() {}

  /** Sets every list on {@code server}, leaving out what this runtime does not support. */
  static void configure(SshServer server) {
    server.setKeyExchangeFactories(
        NamedFactory.setUpTransformedFactories(true, SshLine.KEX, ServerBuilder.DH2KEX));
    server.setCipherFactories(supported(SshLine.CIPHERS));
    server.setMacFactories(supported(SshLine.MACS));
    server.setCompressionFactories(supported(COMPRESSION));
    server.setSignatureFactories(supported(SshLine.SIGNATURES));
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
