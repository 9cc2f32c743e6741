package org.prex.seal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;

/**
 * OpenPGP cleartext signatures (RFC 9580 §7) by the exchange key, SHA-256, for receipts and log
 * checkpoints: readable as they are, checkable with {@code gpg --verify}.
 *
 * <p>What is signed is the text's lines; the line breaks are part of it, a final line break is not
 * (the format cannot tell "a" from "a\n"), so {@link #verify} gives the text back ending with one.
 * Since trailing spaces and carriage returns are not covered by such a signature, {@link #sign}
 * refuses text that has them rather than sign less than it shows.
 */
public final class ClearSigner {
  private final SigningKey key;

  public ClearSigner(SigningKey key) {
    Providers.ensure();
    this.key = Objects.requireNonNull(key, "key");
  }

  /**
   * Returns {@code utf8Text} as a cleartext-signed message.
   *
   * @throws IllegalArgumentException if a line ends in a space or tab, or the text holds a CR
   */
  public String sign(String utf8Text) {
    return new String(sign(utf8Text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  /**
   * Returns the UTF-8 text {@code utf8} as a cleartext-signed message, in UTF-8: in one pass over
   * the lines where they lie, so that a receipt of tens of MB is held twice at most (its text and
   * the signed message), not once per step.
   *
   * @throws IllegalArgumentException if a line ends in a space or tab, or the text holds a CR
   */
  public byte[] sign(byte[] utf8) {
    int end = utf8.length > 0 && utf8[utf8.length - 1] == '\n' ? utf8.length - 1 : utf8.length;
    PGPSignatureGenerator generator;
    try {
      generator = Signatures.generator(key, PGPSignature.CANONICAL_TEXT_DOCUMENT, Instant.now());
    } catch (PGPException e) {
      throw new IllegalStateException("cannot sign with " + key + ": " + e.getMessage(), e);
    }
    int hashAlgorithm = Signatures.hashFor(key.publicKey());
    String hash = Signatures.hashName(hashAlgorithm);
    byte[] header =
        (ClearText.BEGIN + "\nHash: " + hash + "\n\n").getBytes(StandardCharsets.US_ASCII);
    // the text, a "- " for each of its few dash lines, and room for the signature block
    ByteArrayOutputStream out = new ByteArrayOutputStream(header.length + end + 4096);
    out.writeBytes(header);
    byte[] lineBreak = {'\r', '\n'};
    int line = 0;
    for (int start = 0; utf8.length > 0 && start <= end; line++) {
      int stop = start;
      while (stop < end && utf8[stop] != '\n') {
        stop++;
      }
      for (int k = start; k < stop; k++) {
        boolean last = k == stop - 1;
        if (utf8[k] == '\r' || (last && (utf8[k] == ' ' || utf8[k] == '\t'))) {
          throw new IllegalArgumentException(
              "line "
                  + (line + 1)
                  + " ends in whitespace or holds a CR, which a cleartext signature"
                  + " does not cover");
        }
      }
      // signed: the lines joined by CR LF, none after the last
      if (line > 0) {
        generator.update(lineBreak);
      }
      generator.update(utf8, start, stop - start);
      if (stop > start && utf8[start] == '-') {
        out.write('-');
        out.write(' ');
      }
      out.write(utf8, start, stop - start);
      out.write('\n');
      start = stop + 1;
    }
    PGPSignature signature;
    try {
      signature = generator.generate();
    } catch (PGPException e) {
      throw new IllegalStateException("cannot sign with " + key + ": " + e.getMessage(), e);
    }
    if (signature.getHashAlgorithm() != hashAlgorithm) {
      throw new IllegalStateException("signed with another hash than the header names");
    }
    out.writeBytes(armor(signature).getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /**
   * Checks a cleartext-signed message: exactly one valid signature by {@code signer}, with a strong
   * hash, over the text; nothing before or after the signed message.
   *
   * @return the signed text, lines ending in "\n"
   */
  public static String verify(String clearSigned, PublicCert signer) throws SealException {
    Providers.ensure();
    ClearText parsed = ClearText.parse(clearSigned);
    PGPSignature sig = readSignature(parsed.signatureArmor());
    if (sig.getSignatureType() != PGPSignature.CANONICAL_TEXT_DOCUMENT
        && sig.getSignatureType() != PGPSignature.BINARY_DOCUMENT) {
      throw new SealException("refused: not a signature over a document");
    }
    parsed.checkHashHeader(sig.getHashAlgorithm());
    PGPPublicKey made = Signatures.signerKey(sig, signer, Instant.now());
    try {
      sig.init(Signatures.verifiers(), made);
      sig.update(ClearText.canonical(parsed.lines()));
      if (!sig.verify()) {
        throw new SealException("refused: bad signature: the text is not what was signed");
      }
    } catch (PGPException e) {
      throw new SealException("refused: cannot verify the signature (" + e.getMessage() + ")", e);
    }
    return parsed.text();
  }

  private static PGPSignature readSignature(String armor) throws SealException {
    byte[] bytes = armor.getBytes(StandardCharsets.US_ASCII);
    try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(bytes))) {
      JcaPGPObjectFactory factory = new JcaPGPObjectFactory(in);
      Object o = factory.nextObject();
      if (!(o instanceof PGPSignatureList list) || list.size() != 1) {
        throw new SealException("refused: expected exactly one signature in the signature block");
      }
      if (factory.nextObject() != null) {
        throw new SealException("refused: data after the signature");
      }
      return list.get(0);
    } catch (IOException | RuntimeException e) {
      throw new SealException("refused: unreadable signature block (" + e.getMessage() + ")", e);
    }
  }

  private static String armor(PGPSignature signature) {
    return Armor.of(signature::encode, "a signature");
  }
}
