package org.prex.seal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
   * Returns the UTF-8 text {@code utf8} as a cleartext-signed message, in UTF-8.
   *
   * @throws IllegalArgumentException if a line ends in a space or tab, or the text holds a CR
   */
  public byte[] sign(byte[] utf8) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length + 4096);
    try {
      sign(new ByteArrayInputStream(utf8), out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // neither stream is on disk
    }
    return out.toByteArray();
  }

  /**
   * Writes the UTF-8 text read from {@code utf8} to {@code out} as a cleartext-signed message, in
   * one pass and a line at a time: a receipt of hundreds of MB is never held (docs/pipeline.md,
   * "Answers"). On an exception, what was written is not a signed message and must be discarded.
   *
   * @throws IllegalArgumentException if a line ends in a space or tab, or the text holds a CR
   * @throws IOException reading or writing failed
   */
  public void sign(InputStream utf8, OutputStream out) throws IOException {
    PGPSignatureGenerator generator;
    try {
      generator = Signatures.generator(key, PGPSignature.CANONICAL_TEXT_DOCUMENT, Instant.now());
    } catch (PGPException e) {
      throw new IllegalStateException("cannot sign with " + key + ": " + e.getMessage(), e);
    }
    int hashAlgorithm = Signatures.hashFor(key.publicKey());
    String hash = Signatures.hashName(hashAlgorithm);
    out.write((ClearText.BEGIN + "\nHash: " + hash + "\n\n").getBytes(StandardCharsets.US_ASCII));
    Lines lines = new Lines(utf8);
    byte[] lineBreak = {'\r', '\n'};
    for (int line = 0; lines.next(); line++) {
      byte[] b = lines.bytes;
      int start = lines.start;
      int stop = lines.stop;
      for (int k = start; k < stop; k++) {
        boolean last = k == stop - 1;
        if (b[k] == '\r' || (last && (b[k] == ' ' || b[k] == '\t'))) {
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
      generator.update(b, start, stop - start);
      if (stop > start && b[start] == '-') {
        out.write('-');
        out.write(' ');
      }
      out.write(b, start, stop - start);
      out.write('\n');
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
    out.write(armor(signature).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The lines of a text as they are read: each one ended by LF, and what follows the last LF if it
   * is not empty (so "a\n" is one line, "a\n\n" two, "" none). A line lies in {@code bytes} from
   * {@code start} to {@code stop}, LF excluded, until the next call.
   */
  private static final class Lines {
    private final InputStream in;
    private byte[] buf = new byte[64 * 1024];
    private int filled;
    private int pos;
    private boolean eof;
    byte[] bytes;
    int start;
    int stop;

    Lines(InputStream in) {
      this.in = in;
    }

    boolean next() throws IOException {
      int scanned = pos;
      while (true) {
        for (int k = scanned; k < filled; k++) {
          if (buf[k] == '\n') {
            bytes = buf;
            start = pos;
            stop = k;
            pos = k + 1;
            return true;
          }
        }
        scanned = filled;
        if (eof) {
          if (pos == filled) {
            return false;
          }
          bytes = buf;
          start = pos;
          stop = filled;
          pos = filled;
          return true;
        }
        // keep the unfinished line, at the front; grow only for a line longer than the buffer
        if (pos > 0) {
          System.arraycopy(buf, pos, buf, 0, filled - pos);
          filled -= pos;
          scanned -= pos;
          pos = 0;
        }
        if (filled == buf.length) {
          buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, filled, buf.length - filled);
        if (n < 0) {
          eof = true;
        } else {
          filled += n;
        }
      }
    }
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
