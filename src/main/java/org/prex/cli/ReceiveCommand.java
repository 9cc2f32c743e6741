package org.prex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.prex.receive.ReceiveException;
import org.prex.receive.Receiver;
import org.prex.review.document.Ack;
import org.prex.review.document.ItemHash;
import org.prex.review.document.SignedDocument;
import org.prex.seal.DecryptionKey;
import org.prex.seal.PublicCert;
import org.prex.seal.SigningKey;
import org.prex.text.Escapes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      "With --ack, then writes a prex-ack/1 acknowledgment signed with the agency key, for the"
          + " agency's drop-box /returns (docs/formats.md).",
      "The agency key's passphrase, if any, comes from env " + Passphrases.AGENCY + "."
    })
final class ReceiveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin AgencyKeyOptions keys;

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

  @Option(
      names = "--ack",
      paramLabel = "FILE",
      description =
          "After a fully verified receive, write a prex-ack/1 acknowledgment here (a new file),"
              + " clear-signed with --key, to put into the agency's drop-box /returns.")
  Path ack;

  @Override
  public Integer call() {
    DecryptionKey agencyKey = keys.decryptionKey();
    PublicCert exchange = keys.exchange();
    SigningKey ackKey = null;
    if (ack != null) {
      // before anything is received: a receive that cannot be acknowledged is not started
      DocumentFiles.checkWritable(ack, "--ack");
      ackKey = keys.signingKey();
    }
    Receiver.Verified received;
    try {
      received = new Receiver(agencyKey, exchange).receiveVerified(in, out);
    } catch (ReceiveException e) {
      throw new CommandFailed(
          e.getMessage(),
          "nothing was written to " + out + (ack == null ? "" : ", and no acknowledgment"));
    }
    PrintWriter pw = spec.commandLine().getOut();
    for (Receiver.VerifiedItem r : received.items()) {
      // paths come from the lab: no control or bidi character reaches the terminal
      pw.println(
          Escapes.controls(r.path()) + "  " + r.size() + "  " + Escapes.controls(r.designation()));
    }
    if (ackKey != null) {
      writeAck(received, ackKey);
      pw.println(
          "acknowledgment ("
              + Ack.FORMAT
              + ") written to "
              + ack
              + ": put it into /returns in"
              + " the agency's drop box");
    }
    pw.flush();
    return 0;
  }

  private void writeAck(Receiver.Verified received, SigningKey ackKey) {
    String hint = "the files are in " + out + "; receive again into an empty folder with --ack";
    if (received.submission().startsWith("f-")) {
      throw new CommandFailed(
          "this package holds findings (" + received.submission() + "): they are not acknowledged",
          "the files are in " + out + "; acknowledge a lab's submission's packages only");
    }
    Ack document;
    try {
      document =
          new Ack(
              received.transfer(),
              received.submission(),
              received.agency(),
              received.items().stream().map(i -> new ItemHash(i.item(), i.sha256())).toList(),
              Instant.now());
    } catch (IllegalArgumentException e) {
      throw new CommandFailed("cannot acknowledge this package: " + e.getMessage(), hint);
    }
    try {
      DocumentFiles.writeNew(ack, SignedDocument.sign(ackKey, document.toJson()));
    } catch (IOException e) {
      throw new CommandFailed(
          "received, but cannot write the acknowledgment " + ack + " (" + e + ")", hint);
    }
  }
}
