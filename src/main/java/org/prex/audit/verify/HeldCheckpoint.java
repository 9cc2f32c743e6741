package org.prex.audit.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.prex.seal.ClearSigner;
import org.prex.seal.PublicCert;
import org.prex.seal.SealException;

/**
 * The log checkpoint an outsider holds, from whichever text holds it: a signed checkpoint as {@code
 * audit checkpoint} prints it, a lab receipt ({@code prex-receipt/1}, clear-signed JSON), or an
 * agency's opened package manifest ({@code prex-package/1} JSON). Every signature on the way must
 * be the exchange's (docs/audit-log.md).
 */
public final class HeldCheckpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HeldCheckpoint() {}

  /** Gives the text a clear-signed message signs: checked (the exchange's signature) or not. */
  private interface SignedText {
    String of(String clearSigned) throws SealException;
  }

  /**
   * The checkpoint the text claims, its signatures not checked (that is {@link #read}'s work), or
   * null when it holds none that can be read.
   */
  public static Checkpoint claimed(String text) {
    try {
      return extract(text.replace("\r\n", "\n"), HeldCheckpoint::unchecked);
    } catch (IOException | SealException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The checkpoint the text holds, every signature on the way checked against {@code exchange}.
   *
   * @throws IllegalArgumentException when it holds none, or a signature or the checkpoint is bad
   */
  public static Checkpoint read(String text, PublicCert exchange) {
    try {
      Checkpoint cp = extract(text, signed -> ClearSigner.verify(signed, exchange));
      if (cp == null) {
        throw new IllegalArgumentException(
            "it holds no checkpoint: give a checkpoint (prex audit checkpoint), a receipt or an"
                + " opened package manifest");
      }
      return cp;
    } catch (SealException | IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
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
