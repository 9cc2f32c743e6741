package org.prex.review.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.prex.seal.ClearSigner;
import org.prex.seal.PublicCert;
import org.prex.seal.SealException;
import org.prex.seal.SigningKey;

/**
 * The review documents travel as OpenPGP cleartext-signed JSON (docs/formats.md, "Review
 * documents"): readable as they are, checkable with {@code gpg --verify}, and makeable by hand with
 * {@code gpg --clearsign} of a JSON file.
 */
public final class SignedDocument {
  /** The formats this class knows. */
  public static final List<String> FORMATS = List.of(Ack.FORMAT, Notice.FORMAT, Destroyed.FORMAT);

  private static final String BEGIN = "-----BEGIN PGP SIGNED MESSAGE-----";
  private static final String SIGNATURE = "-----BEGIN PGP SIGNATURE-----";

  /** The JSON's limit plus room for the armour and a signature. */
  private static final int MAX_SIGNED = Json.MAX_BYTES + 64 * 1024;

  private static final Pattern FORMAT_SHAPE = Pattern.compile("[a-z][a-z0-9-]{0,40}/[0-9]{1,4}");

  private SignedDocument() {}

  /** A verified document: the format its JSON names, and the JSON as signed. */
  public record Verified(String format, String json) {}

  /**
   * Clear-signs a document's JSON with the key.
   *
   * @throws IllegalArgumentException if the JSON is larger than a document may be, or has lines a
   *     cleartext signature would not cover (trailing whitespace, CR)
   */
  public static String sign(SigningKey key, String json) {
    if (json.length() > Json.MAX_BYTES
        || json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Json.MAX_BYTES) {
      throw new IllegalArgumentException("document larger than " + Json.MAX_BYTES + " bytes");
    }
    return new ClearSigner(key).sign(json);
  }

  /**
   * The format named by a clear-signed document's JSON, after verifying it was signed by {@code
   * signer}.
   *
   * @throws DocumentException naming the problem: not clear-signed, bad signature, wrong signer,
   *     not JSON, no or unknown format
   */
  public static Verified verify(String clearSigned, PublicCert signer) throws DocumentException {
    if (clearSigned == null || !clearSigned.startsWith(BEGIN)) {
      throw new DocumentException("not a clear-signed document (no '" + BEGIN + "' line first)");
    }
    if (clearSigned.length() > MAX_SIGNED) {
      throw new DocumentException("document: larger than " + MAX_SIGNED + " characters");
    }
    String json;
    try {
      json = ClearSigner.verify(clearSigned, signer);
    } catch (SealException e) {
      throw new DocumentException("signature: " + e.getMessage(), e);
    }
    String format = knownFormat(Json.object(json));
    return new Verified(format, json);
  }

  private static String knownFormat(ObjectNode o) throws DocumentException {
    JsonNode f = o.get("format");
    if (f == null || f.isNull()) {
      throw new DocumentException("format: missing");
    }
    if (!f.isTextual() || !FORMATS.contains(f.textValue())) {
      throw new DocumentException(
          "format: "
              + (f.isTextual() ? Check.quote(f.textValue()) : "not a string")
              + " is not one of "
              + String.join(", ", FORMATS));
    }
    return f.textValue();
  }

  /**
   * The format a document claims, WITHOUT verifying (to decide which signer to check it against);
   * empty if it is not a clear-signed JSON document naming a format.
   */
  public static Optional<String> claimedFormat(String text) {
    if (text == null || text.length() > MAX_SIGNED) {
      return Optional.empty();
    }
    String[] lines = text.replace("\r\n", "\n").split("\n", -1);
    if (lines.length == 0 || !lines[0].equals(BEGIN)) {
      return Optional.empty();
    }
    int i = 1;
    while (i < lines.length && !lines[i].isEmpty()) {
      i++; // armour headers ("Hash: SHA256")
    }
    StringBuilder json = new StringBuilder();
    for (i++; i < lines.length && !lines[i].equals(SIGNATURE); i++) {
      json.append(lines[i].startsWith("- ") ? lines[i].substring(2) : lines[i]).append('\n');
    }
    if (i >= lines.length) {
      return Optional.empty();
    }
    try {
      JsonNode f = Json.object(json.toString()).get("format");
      if (f != null && f.isTextual() && FORMAT_SHAPE.matcher(f.textValue()).matches()) {
        return Optional.of(f.textValue());
      }
    } catch (DocumentException e) {
      // not JSON: no claim
    }
    return Optional.empty();
  }
}
