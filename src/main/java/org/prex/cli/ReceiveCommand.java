package org.prex.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.prex.receive.ReceiveException;
import org.prex.receive.Receiver;
import org.prex.seal.DecryptionKey;
import org.prex.seal.KeyFileException;
import org.prex.seal.PublicCert;
import org.prex.text.Escapes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code prex receive}: the agency opens and verifies one transfer (docs/formats.md). */
@Command(
    name = "receive",
    mixinStandardHelpOptions = true,
    description = {
      "Verify and decrypt one transfer folder delivered to an agency.",
      "Checks the exchange's signature and integrity of every file and every item against the"
          + " signed manifest; writes nothing to --out unless all of it verifies.",
      "The agency key's passphrase, if any, comes from env " + Passphrases.AGENCY + "."
    })
final class ReceiveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

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

  @Option(
      names = "--in",
      required = true,
      paramLabel = "TRANSFER-DIR",
      description = "The delivered transfer folder (named by its transfer id).")
  Path in;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Where to write the verified files, under their original paths.")
  Path out;

  @Override
  public Integer call() {
    DecryptionKey agencyKey;
    PublicCert exchange;
    try {
      agencyKey = DecryptionKey.read(key, Passphrases.agency());
    } catch (KeyFileException e) {
      throw new CommandFailed(
          "agency key " + e.getMessage(),
          "--key takes the agency's secret key; set " + Passphrases.AGENCY + " if it has one");
    }
    try {
      exchange = PublicCert.read(signer);
    } catch (KeyFileException e) {
      throw new CommandFailed(
          "signer certificate " + e.getMessage(),
          "--signer takes the exchange's certificate, exchange/signing.pub.asc");
    }
    List<Receiver.Received> received;
    try {
      received = new Receiver(agencyKey, exchange).receive(in, out);
    } catch (ReceiveException e) {
      throw new CommandFailed(e.getMessage(), "nothing was written to " + out);
    }
    PrintWriter pw = spec.commandLine().getOut();
    for (Receiver.Received r : received) {
      // paths come from the lab: no control or bidi character reaches the terminal
      pw.println(
          Escapes.controls(r.path()) + "  " + r.size() + "  " + Escapes.controls(r.designation()));
    }
    pw.flush();
    return 0;
  }
}
