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

  /** Gives the text a clear-signed message signs: checked (the exchange's signature) or not. */
  private interface SignedText {
    String of(String clearSigned) throws SealException;
  }

  /**
   * The checkpoint the file claims, its signatures not checked (that is {@link #read}'s work), or
   * null when it holds none that can be read.
   */
  static Checkpoint claimed(Path file) {
    try {
      return extract(Files.readString(file).replace("\r\n", "\n"), CheckpointFile::unchecked);
    } catch (IOException | SealException | RuntimeException e) {
      return null;
    }
  }

  static Checkpoint read(Path file, PublicCert exchange) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new CommandFailed("cannot read checkpoint " + file, null);
    }
    try {
      Checkpoint cp = extract(text, signed -> ClearSigner.verify(signed, exchange));
      if (cp == null) {
        throw new CommandFailed(
            file + " holds no checkpoint",
            "pass a checkpoint (prex audit checkpoint), a receipt or an opened package manifest");
      }
      return cp;
    } catch (SealException | IllegalArgumentException | IOException e) {
      throw new CommandFailed("checkpoint " + file + ": " + e.getMessage(), null);
    }
  }

  /**
   * The checkpoint in a signed checkpoint, a receipt (clear-signed JSON) or a manifest (JSON), or
   * null when the JSON holds none.
   */
  private static Checkpoint extract(String text, SignedText signedText)
      throws SealException, IOException {
    String body = text.strip().startsWith("{") ? text : signedText.of(text);
    if (!body.strip().startsWith("{")) {
      return Checkpoint.parse(body);
    }
    JsonNode inner = JSON.readTree(body).get("checkpoint");
    if (inner == null || !inner.isTextual()) {
      return null;
    }
    return Checkpoint.parse(signedText.of(inner.asText()));
  }

  /** The text a clear-signed message signs, without its dash-escaping or signature checked. */
  private static String unchecked(String clearSigned) {
    int start = clearSigned.indexOf("\n\n");
    int end = clearSigned.indexOf("\n-----BEGIN PGP SIGNATURE-----");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("not clear-signed");
    }
    return clearSigned.substring(start + 2, end + 1).replace("\n- ", "\n");
  }
}
