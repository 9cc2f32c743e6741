package org.prex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.prex.audit.verify.Checkpoint;
import org.prex.merkle.MerkleVerifier;
import org.prex.seal.ClearSigner;
import org.prex.seal.KeyFileException;
import org.prex.seal.PublicCert;
import org.prex.seal.SealException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code audit check-receipt}: what a lab can check with its receipt alone, without the log: the
 * receipt's signature, its checkpoint's signature, and every event's inclusion proof under that
 * checkpoint. Together with {@code audit verify --checkpoint} on the exchange's side, it shows the
 * events the receipt names are in the log for good.
 */
@Command(
    name = "check-receipt",
    mixinStandardHelpOptions = true,
    description =
        "Checks a lab receipt offline: its signature and its checkpoint's are the exchange's, and"
            + " every event it lists is proven included under that checkpoint.")
final class CheckReceiptCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RECEIPT", description = "A receipt, <submission-id>.receipt.asc.")
  Path receipt;

  @Option(
      names = "--signer",
      defaultValue = "keys-example/exchange/signing.pub.asc",
      description = "The exchange's public key (default: ${DEFAULT-VALUE}).")
  Path signer;

  @Override
  public Integer call() {
    PublicCert cert;
    try {
      cert = PublicCert.read(signer);
    } catch (KeyFileException e) {
      throw new CommandFailed(e.getMessage(), "pass the exchange's public key with --signer");
    }
    JsonNode json;
    Checkpoint cp;
    try {
      json = JSON.readTree(ClearSigner.verify(Files.readString(receipt), cert));
      if (!"prex-receipt/1".equals(json.path("format").asText())) {
        throw new CommandFailed(receipt + " is not a prex-receipt/1", null);
      }
      if (json.path("minimal").asBoolean(false)) {
        JsonNode checkpoint = json.path("checkpoint");
        cp =
            checkpoint.isTextual()
                ? Checkpoint.parse(ClearSigner.verify(checkpoint.asText(), cert))
                : null;
        return minimal(json, cp, cert);
      }
      cp = Checkpoint.parse(ClearSigner.verify(json.path("checkpoint").asText(), cert));
    } catch (IOException e) {
      throw new CommandFailed("cannot read receipt " + receipt + ": " + e.getMessage(), null);
    } catch (SealException | IllegalArgumentException e) {
      throw new CommandFailed("receipt " + receipt + ": " + e.getMessage(), null);
    }
    HexFormat hex = HexFormat.of();
    int proven = 0;
    for (JsonNode e : json.path("events")) {
      long seq = e.path("event").asLong();
      List<byte[]> path = new ArrayList<>();
      e.path("inclusion-proof").forEach(h -> path.add(hex.parseHex(h.asText())));
      boolean included;
      try {
        included =
            MerkleVerifier.verifyInclusion(
                seq - 1, cp.size(), hex.parseHex(e.path("leaf-hash").asText()), path, cp.root());
      } catch (IllegalArgumentException bad) {
        included = false;
      }
      if (!included) {
        throw new CommandFailed(
            "event "
                + seq
                + " ("
                + e.path("type").asText()
                + ") is not proven under the receipt's checkpoint of size "
                + cp.size(),
            null);
      }
      proven++;
    }
    return ok(
        "ok: receipt of "
            + submission(json)
            + ": "
            + proven
            + " events proven under the checkpoint of size "
            + cp.size()
            + ", signed by "
            + cert.fingerprint());
  }

  /**
   * A minimal receipt (docs/outcomes.md): its signature and its checkpoint's, when it carries one,
   * are checked; it proves no event, and says so rather than "0 events proven".
   */
  private int minimal(JsonNode json, Checkpoint cp, PublicCert cert) {
    return ok(
        "ok: minimal receipt of "
            + submission(json)
            + ", signed by "
            + cert.fingerprint()
            + (cp == null
                ? ", with no checkpoint"
                : ", with a checkpoint of size " + cp.size() + " signed by the same key")
            + "; it carries no inclusion proofs: no event of it is proven by this receipt");
  }

  /** "submission ID (OUTCOME)", as both verdicts name the receipt's submission. */
  private static String submission(JsonNode json) {
    return "submission "
        + json.path("submission").asText()
        + " ("
        + json.path("outcome").asText()
        + ")";
  }

  /** Prints the verdict line; exit 0. */
  private int ok(String line) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(line);
    out.flush();
    return 0;
  }
}
