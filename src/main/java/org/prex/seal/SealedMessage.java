package org.prex.seal;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.PGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;

/**
 * One recipient's message while it is being written: encrypted data (to one key) holding a one-pass
 * signature header, the literal data, then the signature. Every packet of unknown length is written
 * as partial-length chunks of {@link Sealer#BUFFER} bytes.
 */
final class SealedMessage {
  private final OutputStream sink;
  private final OutputStream encrypted;
  private final OutputStream literal;

  /** Opens the message on {@code sink}: writes the encryption header and the one-pass header. */
  SealedMessage(
      OutputStream sink,
      PGPDataEncryptorBuilder encryptor,
      PGPPublicKey recipientKey,
      SecureRandom random,
      PGPOnePassSignature onePass,
      String fileName,
      Instant modified)
      throws IOException, PGPException {
    this.sink = sink;
    PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(encryptor);
    generator.addMethod(
        new JcePublicKeyKeyEncryptionMethodGenerator(recipientKey)
            .setProvider(Providers.BC)
            .setSecureRandom(random));
    this.encrypted = generator.open(sink, new byte[Sealer.BUFFER]);
    onePass.encode(encrypted);
    this.literal =
        new PGPLiteralDataGenerator()
            .open(
                encrypted,
                PGPLiteralData.BINARY,
                fileName,
                Date.from(modified),
                new byte[Sealer.BUFFER]);
  }

  void write(byte[] b, int off, int len) throws IOException {
    literal.write(b, off, len);
  }

  /** Ends the literal data, appends the signature, ends the encrypted data, closes the sink. */
  void finish(PGPSignature signature) throws IOException {
    try {
      literal.close();
      signature.encode(encrypted);
      encrypted.close();
    } finally {
      sink.close();
    }
  }

  /** Closes the sink without finishing the message. */
  void abandon() throws IOException {
    sink.close();
  }
}
