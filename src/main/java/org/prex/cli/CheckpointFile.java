package org.prex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.prex.audit.verify.Checkpoint;
import org.prex.seal.ClearSigner;
import org.prex.seal.PublicCert;
import org.prex.seal.SealException;

/**
 * Reads the log checkpoint an outsider holds, from whichever file holds it: a signed checkpoint as
 * {@code audit checkpoint} prints it, a lab receipt ({@code prex-receipt/1}, clear-signed JSON), or
 * an agency's opened package manifest ({@code prex-package/1} JSON). Every signature on the way
 * must be the exchange's.
 */
final class CheckpointFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CheckpointFile() {}

  static Checkpoint read(Path file, PublicCert exchange) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new CommandFailed("cannot read checkpoint " + file, null);
    }
    try {
      String body = text.strip().startsWith("{") ? text : ClearSigner.verify(text, exchange);
      if (!body.strip().startsWith("{")) {
        return Checkpoint.parse(body);
      }
      JsonNode json = JSON.readTree(body);
      JsonNode inner = json.get("checkpoint");
      if (inner == null || !inner.isTextual()) {
        throw new CommandFailed(
            file + " holds no checkpoint",
            "pass a checkpoint (prex audit checkpoint), a receipt or an opened package manifest");
      }
      return Checkpoint.parse(ClearSigner.verify(inner.asText(), exchange));
    } catch (SealException | IllegalArgumentException | IOException e) {
      throw new CommandFailed("checkpoint " + file + ": " + e.getMessage(), null);
    }
  }
}
