package org.prex.seal;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.AEADAlgorithmTags;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;

/**
 * Seals plaintext for agencies (SPEC §9): per recipient one OpenPGP message, signed by the exchange
 * key then encrypted to that recipient's key only; AES-256, SHA-256, no compression. The plaintext
 * is written once: one signature is computed over it and encoded into every recipient's message,
 * and each recipient gets its own AES stream (the JDK's AES, with AES-NI).
 */
public final class Sealer {
  private static final int BUFFER = 1 << 16;

  /** SEIPDv2 chunk size octet: chunks of 2^(12+6) = 256 KiB. */
  private static final int AEAD_CHUNK = 12;

  private final SigningKey signer;
  private final SecureRandom random = new SecureRandom();

  public record Recipient(PublicCert cert, SealFormat format, OutputStream sink) {}

  public Sealer(SigningKey signer) {
    Providers.ensure();
    this.signer = signer;
  }

  /** Seals for one recipient; closing the returned stream finishes the message and the sink. */
  public OutputStream seal(
      OutputStream sink, PublicCert recipient, SealFormat format, String fileName)
      throws IOException {
    return seal(List.of(new Recipient(recipient, format, sink)), fileName, Instant.now());
  }

  /**
   * Returns a stream into which the caller writes the plaintext once; closing it finishes every
   * recipient's message and closes the sinks.
   */
  public OutputStream seal(List<Recipient> recipients, String fileName, Instant modified)
      throws IOException {
    Instant now = Instant.now();
    try {
      PGPSignatureGenerator signature = signatureGenerator(now);
      PGPOnePassSignature onePass = signature.generateOnePassVersion(false);
      List<Message> messages = new ArrayList<>();
      for (Recipient r : recipients) {
        PGPPublicKey key = r.cert().usableEncryptionKey(now);
        if (key == null) {
          throw new IOException(
              new SealException(
                  "certificate "
                      + r.cert().fingerprint()
                      + " cannot be encrypted to: "
                      + String.join(", ", r.cert().encryptionProblems(now))));
        }
        PGPEncryptedDataGenerator generator =
            new PGPEncryptedDataGenerator(dataEncryptor(r.cert(), r.format()));
        generator.addMethod(
            new JcePublicKeyKeyEncryptionMethodGenerator(key)
                .setProvider(Providers.BC)
                .setSecureRandom(random));
        OutputStream encrypted = generator.open(r.sink(), new byte[BUFFER]);
        onePass.encode(encrypted);
        OutputStream literal =
            new PGPLiteralDataGenerator()
                .open(
                    encrypted,
                    PGPLiteralData.BINARY,
                    fileName,
                    Date.from(modified),
                    new byte[BUFFER]);
        messages.add(new Message(r.sink(), generator, encrypted, literal));
      }
      return new FanOut(signature, messages);
    } catch (PGPException e) {
      throw new IOException(new SealException("cannot seal: " + e.getMessage(), e));
    }
  }

  private PGPSignatureGenerator signatureGenerator(Instant now) throws PGPException {
    PGPPublicKey key = signer.publicKey();
    PGPSignatureGenerator generator =
        new PGPSignatureGenerator(
            new JcaPGPContentSignerBuilder(key.getAlgorithm(), HashAlgorithmTags.SHA256)
                .setProvider(Providers.BC)
                .setDigestProvider("SUN"),
            key);
    generator.init(PGPSignature.BINARY_DOCUMENT, signer.privateKey());
    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    hashed.setSignatureCreationTime(true, Date.from(now));
    hashed.setIssuerFingerprint(false, key);
    generator.setHashedSubpackets(hashed.generate());
    return generator;
  }

  private JcePGPDataEncryptorBuilder dataEncryptor(PublicCert cert, SealFormat format) {
    boolean v2 =
        format == SealFormat.SEIPD_V2 || (format == SealFormat.AUTO && cert.advertisesSeipdV2());
    // No setProvider: the JDK's AES (AES-NI) does the bulk work, ~3x BouncyCastle's pure Java.
    JcePGPDataEncryptorBuilder builder =
        new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
            .setWithIntegrityPacket(true)
            .setSecureRandom(random);
    if (v2) {
      builder.setWithAEAD(AEADAlgorithmTags.GCM, AEAD_CHUNK);
      builder.setUseV6AEAD();
    }
    return builder;
  }

  private record Message(
      OutputStream sink,
      PGPEncryptedDataGenerator generator,
      OutputStream encrypted,
      OutputStream literal) {}

  /**
   * Writes each plaintext chunk once into the signature and hands it to one writer thread per
   * recipient, so that the recipients' AES streams run in parallel on the machine's cores. Each
   * writer's queue is bounded: memory stays at a few chunks per recipient, whatever the file size.
   */
  private static final class FanOut extends OutputStream {
    private static final byte[] END = new byte[0];
    private final PGPSignatureGenerator signature;
    private final List<Message> messages;
    private final List<Writer> writers = new ArrayList<>();
    private boolean closed;

    FanOut(PGPSignatureGenerator signature, List<Message> messages) {
      this.signature = signature;
      this.messages = messages;
      for (Message m : messages) {
        Writer w = new Writer(m.literal());
        writers.add(w);
        w.thread.start();
      }
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      byte[] chunk = java.util.Arrays.copyOfRange(b, off, off + len);
      for (Writer w : writers) {
        w.put(chunk);
      }
      signature.update(chunk, 0, len);
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      IOException failure = null;
      for (Writer w : writers) {
        try {
          w.finish();
        } catch (IOException e) {
          failure = failure == null ? e : failure;
        }
      }
      if (failure != null) {
        for (Message m : messages) {
          m.sink().close();
        }
        throw failure;
      }
      try {
        PGPSignature sig = signature.generate();
        for (Message m : messages) {
          sig.encode(m.encrypted());
          m.encrypted().close();
          m.sink().close();
        }
      } catch (PGPException e) {
        throw new IOException(new SealException("cannot sign: " + e.getMessage(), e));
      }
    }

    /** One recipient's literal-data stream, fed from a bounded queue by its own thread. */
    private static final class Writer {
      private final java.util.concurrent.BlockingQueue<byte[]> queue =
          new java.util.concurrent.ArrayBlockingQueue<>(4);
      private final OutputStream literal;
      private final Thread thread;
      private volatile IOException failure;

      Writer(OutputStream literal) {
        this.literal = literal;
        this.thread = new Thread(this::run, "prex-seal");
        this.thread.setDaemon(true);
      }

      private void run() {
        try {
          // after a failure, keep taking (and dropping) chunks so that the producer never blocks
          for (byte[] chunk = queue.take(); chunk != END; chunk = queue.take()) {
            if (failure == null) {
              try {
                literal.write(chunk);
              } catch (IOException e) {
                failure = e;
              }
            }
          }
          if (failure == null) {
            literal.close();
          }
        } catch (IOException e) {
          failure = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure = new IOException("sealing interrupted");
        }
      }

      void put(byte[] chunk) throws IOException {
        check();
        try {
          queue.put(chunk);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("sealing interrupted");
        }
      }

      void finish() throws IOException {
        try {
          queue.put(END);
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("sealing interrupted");
        }
        check();
      }

      private void check() throws IOException {
        if (failure != null) {
          throw failure;
        }
      }
    }
  }
}
