package org.prex.seal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.bcpg.SymmetricEncIntegrityPacket;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;

/**
 * Opens a message prex sealed: decrypts it with the recipient's key, checks its integrity (MDC or
 * AEAD) and that it carries exactly one valid signature by the expected signer, streaming the
 * plaintext out as it goes. Compressed data is refused before anything is inflated: prex never
 * compresses (docs/threat-model.md). Any failure is a {@link SealException}; since plaintext is
 * streamed before the end of the message proves it whole and signed, the caller discards what was
 * written when one is thrown.
 */
public final class Opener {
  private static final int BUFFER = 1 << 16;

  private Opener() {}

  /** What was opened: the file name the literal data carried, who signed, and the format. */
  public record Opened(String fileName, String signerFingerprint, SealFormat format) {}

  /**
   * Opens {@code message} (binary or ASCII-armoured) with {@code key}, verifying it was signed by
   * {@code expectedSigner}, and writes the plaintext to {@code plaintextOut} (not closed).
   *
   * @throws SealException when the message is not for this key, damaged or altered, unsigned, or
   *     signed by anyone else or badly; also when {@code plaintextOut} fails (with that cause)
   */
  public static Opened open(
      InputStream message, DecryptionKey key, PublicCert expectedSigner, OutputStream plaintextOut)
      throws SealException {
    Providers.ensure();
    try {
      return new Opening(key, expectedSigner, plaintextOut).open(message);
    } catch (OutputFailed e) {
      throw new SealException("cannot write the plaintext: " + e.getCause().getMessage(), e);
    } catch (PGPException | IOException | RuntimeException e) {
      throw new SealException("refused: damaged or altered message (" + describe(e) + ")", e);
    }
  }

  private static String describe(Exception e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** Signals that the caller's output stream failed, not the message. */
  private static final class OutputFailed extends IOException {
    OutputFailed(IOException cause) {
      super(cause);
    }
  }

  /** One message being opened. */
  private static final class Opening {
    private final DecryptionKey key;
    private final PublicCert signer;
    private final OutputStream out;

    Opening(DecryptionKey key, PublicCert signer, OutputStream out) {
      this.key = key;
      this.signer = signer;
      this.out = out;
    }

    Opened open(InputStream message) throws PGPException, IOException, SealException {
      JcaPGPObjectFactory outer = new JcaPGPObjectFactory(PGPUtil.getDecoderStream(message));
      Object first = nextSkippingMarkers(outer);
      if (!(first instanceof PGPEncryptedDataList list)) {
        throw new SealException("refused: not an encrypted OpenPGP message");
      }
      PGPPublicKeyEncryptedData data = null;
      PGPPrivateKey privateKey = null;
      List<String> recipients = new ArrayList<>();
      for (PGPEncryptedData ed : list) {
        if (ed instanceof PGPPublicKeyEncryptedData pk) {
          recipients.add(
              pk.getKeyIdentifier().isWildcard()
                  ? "an anonymous recipient"
                  : "key " + PublicCert.describe(pk.getKeyIdentifier()));
          PGPPrivateKey candidate = key.keyFor(pk.getKeyIdentifier());
          if (candidate != null && data == null) {
            data = pk;
            privateKey = candidate;
          }
        }
      }
      if (data == null) {
        throw new SealException(
            "refused: not encrypted to key "
                + key.fingerprint()
                + " (it is for "
                + (recipients.isEmpty() ? "a passphrase" : String.join(", ", recipients))
                + ")");
      }
      // what the line cannot use is said as such, never as a damaged message (docs/fips.md):
      // the agency's own key first, then the exchange's
      List<String> unusableKey =
          Approval.encryptionKeyProblems(
              new PGPPublicKey(privateKey.getPublicKeyPacket(), new JcaKeyFingerprintCalculator()));
      if (!unusableKey.isEmpty()) {
        throw new SealException(
            "refused: this message is for key "
                + PublicCert.describe(data.getKeyIdentifier())
                + ", which cannot be used here: "
                + unusableKey.get(0));
      }
      List<String> unusableSigner = Approval.certificateProblems(signer.ring().getPublicKey());
      if (!unusableSigner.isEmpty()) {
        throw new SealException(
            "refused: the signer's certificate "
                + signer.fingerprint()
                + " cannot be used: "
                + unusableSigner.get(0));
      }
      SealFormat format = formatOf(data);
      if (format == SealFormat.SEIPD_V2) {
        int aead = ((SymmetricEncIntegrityPacket) data.getEncData()).getAeadAlgorithm();
        List<String> unopenable = Approval.aeadProblems(aead);
        if (!unopenable.isEmpty()) {
          throw new SealException("refused: " + unopenable.get(0));
        }
      }
      InputStream clear =
          data.getDataStream(new JcePublicKeyDataDecryptorFactoryBuilder().build(privateKey));
      Signed signed = readSignedLiteral(clear);
      if (clear.read() >= 0) {
        throw new SealException("refused: data after the signature inside the encrypted message");
      }
      // Integrity first (AEAD: checked on reaching the end above), so that an altered message is
      // reported as such rather than as a bad signature.
      if (format == SealFormat.SEIPD_V1 && !data.verify()) {
        throw new SealException("refused: integrity check (MDC) failed: the message was altered");
      }
      signed.verify(signer);
      if (outer.nextObject() != null) {
        throw new SealException("refused: data after the encrypted message");
      }
      return new Opened(signed.fileName(), signer.fingerprint(), format);
    }

    private static SealFormat formatOf(PGPPublicKeyEncryptedData data) throws SealException {
      if (data.getEncData() instanceof SymmetricEncIntegrityPacket seipd) {
        if (seipd.getVersion() == SymmetricEncIntegrityPacket.VERSION_1) {
          return SealFormat.SEIPD_V1;
        }
        if (seipd.getVersion() == SymmetricEncIntegrityPacket.VERSION_2) {
          return SealFormat.SEIPD_V2;
        }
      }
      if (!data.isIntegrityProtected()) {
        throw new SealException("refused: the message has no integrity protection");
      }
      throw new SealException(
          "refused: encrypted in a format prex does not make (neither SEIPDv1 nor SEIPDv2)");
    }

    /** Reads the one-pass signature header, the literal data (streamed out), the signature. */
    private Signed readSignedLiteral(InputStream clear)
        throws PGPException, IOException, SealException {
      JcaPGPObjectFactory inner = new JcaPGPObjectFactory(clear);
      Object next = inner.nextObject();
      if (next instanceof PGPCompressedData) {
        // prex never compresses; a few KB of compressed data can inflate to gigabytes
        throw new SealException(
            "refused: compressed data, which prex never makes (it could inflate without bound)");
      }
      if (!(next instanceof PGPOnePassSignatureList ops) || ops.isEmpty()) {
        throw new SealException("refused: the message is not signed");
      }
      if (ops.size() != 1) {
        throw new SealException("refused: " + ops.size() + " signatures; expected exactly one");
      }
      PGPOnePassSignature onePass = ops.get(0);
      PGPPublicKey onePassKey = signer.ring().getPublicKey(onePass.getKeyIdentifier());
      if (onePassKey == null) {
        throw new SealException(
            "refused: signed by key "
                + PublicCert.describe(onePass.getKeyIdentifier())
                + ", not by the expected signer "
                + signer.fingerprint());
      }
      onePass.init(Signatures.verifiers(), onePassKey);
      if (!(inner.nextObject() instanceof PGPLiteralData literal)) {
        throw new SealException("refused: no literal data after the signature header");
      }
      copy(literal.getDataStream(), onePass);
      if (!(inner.nextObject() instanceof PGPSignatureList sigs) || sigs.size() != 1) {
        throw new SealException("refused: the signature is missing");
      }
      if (inner.nextObject() != null) {
        throw new SealException("refused: data after the signature");
      }
      return new Signed(literal.getFileName(), onePass, onePassKey, sigs.get(0));
    }

    private void copy(InputStream in, PGPOnePassSignature onePass) throws IOException {
      byte[] buffer = new byte[BUFFER];
      try (in) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          onePass.update(buffer, 0, n);
          try {
            out.write(buffer, 0, n);
          } catch (IOException e) {
            throw new OutputFailed(e);
          }
        }
      }
    }

    /** A literal read under a one-pass signature, whose signature is not verified yet. */
    private record Signed(
        String fileName, PGPOnePassSignature onePass, PGPPublicKey onePassKey, PGPSignature sig) {
      void verify(PublicCert signer) throws SealException, PGPException {
        if (sig.getSignatureType() != PGPSignature.BINARY_DOCUMENT) {
          throw new SealException("refused: not a signature over a binary document");
        }
        PGPPublicKey made = Signatures.signerKey(sig, signer, Instant.now());
        if (made.getKeyID() != onePassKey.getKeyID()) {
          throw new SealException("refused: the signature and its one-pass header name other keys");
        }
        if (!onePass.verify(sig)) {
          throw new SealException("refused: bad signature: the content is not what was signed");
        }
      }
    }

    private static Object nextSkippingMarkers(JcaPGPObjectFactory factory) throws IOException {
      Object o = factory.nextObject();
      while (o instanceof PGPMarker) {
        o = factory.nextObject();
      }
      return o;
    }
  }
}
