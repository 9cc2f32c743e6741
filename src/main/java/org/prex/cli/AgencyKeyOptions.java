package org.prex.cli;

import java.nio.file.Path;
import org.prex.seal.DecryptionKey;
import org.prex.seal.KeyFileException;
import org.prex.seal.PublicCert;
import org.prex.seal.SigningKey;
import picocli.CommandLine.Option;

/**
 * The agency's side of every command it runs ({@code receive}, {@code notice}): its own secret key
 * and the exchange's certificate, read with one clear error each.
 */
final class AgencyKeyOptions {
  @Option(
      names = "--key",
      required = true,
      paramLabel = "AGENCY-SECRET.asc",
      description = "The agency's OpenPGP secret key (armoured).")
  Path key;

  @Option(
      names = "--signer",
      required = true,
      paramLabel = "EXCHANGE-PUB.asc",
      description = "The exchange's signing certificate (exchange/signing.pub.asc).")
  Path signer;

  /** The agency's key, to decrypt with (passphrase from env {@value Passphrases#AGENCY}). */
  DecryptionKey decryptionKey() {
    try {
      return DecryptionKey.read(key, Passphrases.agency());
    } catch (KeyFileException e) {
      throw new CommandFailed(
          "agency key " + e.getMessage(),
          "--key takes the agency's secret key; set " + Passphrases.AGENCY + " if it has one");
    }
  }

  /** The exchange's certificate, whose signature everything from the exchange must carry. */
  PublicCert exchange() {
    try {
      return PublicCert.read(signer);
    } catch (KeyFileException e) {
      throw new CommandFailed(
          "signer certificate " + e.getMessage(),
          "--signer takes the exchange's certificate, exchange/signing.pub.asc");
    }
  }

  /** The agency's key, to sign an acknowledgment or a destruction certificate with. */
  SigningKey signingKey() {
    return DocumentFiles.agencySigningKey(key);
  }
}
