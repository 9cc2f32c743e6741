package org.prex.seal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.bcpg.AEADAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.PreferredAEADCiphersuites;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.PGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;

/**
 * Seals plaintext for recipients (docs/formats.md): per recipient one independent OpenPGP message,
 * signed by the exchange key then encrypted to that recipient's key only; AES-256, SHA-256, no
 * compression. The plaintext is written once: it is hashed once for the one signature that every
 * message carries, and each recipient gets its own AES stream (on the general line the JDK's AES,
 * with AES-NI, SEIPDv1's CFB driven through the JDK's CBC; on the FIPS line the module's; see
 * {@link SeipdV1Cipher}).
 *
 * <p>The packet format follows each recipient ({@link SealFormat}): SEIPDv1 with MDC, which GnuPG
 * 2.2 reads, unless the certificate advertises SEIPDv2 or the caller forces it; SEIPDv2 uses
 * AES-256 with OCB (the algorithm every RFC 9580 implementation has) unless the certificate prefers
 * GCM.
 *
 * <p>With several recipients and more than one CPU, each recipient's encryption runs on its own
 * thread (per-recipient AES-CFB is serial, and is what costs); the caller still writes once, and
 * memory stays a few hundred KiB per seal.
 *
 * <p>A Sealer is thread-safe; each {@code seal} call is independent.
 */
public final class Sealer {
  /** Partial-packet buffer per message: the heap a message needs is a few of these. */
  static final int BUFFER = 1 << 16;

  /** SEIPDv2 chunks of 2^18 bytes = 256 KiB (chunk size octet 12). */
  static final int AEAD_CHUNK_BITS = 18;

  /** Longest file name a literal data packet can carry (one length octet), in UTF-8 bytes. */
  static final int MAX_FILE_NAME_BYTES = 255;

  private final SigningKey signer;
  private final boolean threaded;
  private final SecureRandom random = new SecureRandom();

  /** One recipient: its certificate, the packet format it gets, and where its message goes. */
  public record Recipient(PublicCert cert, SealFormat format, OutputStream sink) {
    public Recipient {
      Objects.requireNonNull(cert, "cert");
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(sink, "sink");
    }
  }

  /** A sealer that encrypts for several recipients in parallel when there is more than one CPU. */
  public Sealer(SigningKey signer) {
    this(signer, Runtime.getRuntime().availableProcessors() > 1);
  }

  /** A sealer that gives each recipient of a multi-recipient seal its own thread, or not. */
  Sealer(SigningKey signer, boolean threaded) {
    Providers.ensure();
    this.signer = Objects.requireNonNull(signer, "signer");
    this.threaded = threaded;
  }

  /** The format {@code requested} amounts to for {@code cert}: SEIPD_V1 or SEIPD_V2. */
  public static SealFormat formatFor(PublicCert cert, SealFormat requested) {
    if (requested == SealFormat.AUTO) {
      return cert.advertisesSeipdV2() ? SealFormat.SEIPD_V2 : SealFormat.SEIPD_V1;
    }
    return requested;
  }

  /**
   * Seals for one recipient, with the current time as the file's modification time; closing the
   * returned stream finishes the message and closes {@code sink}.
   */
  public OutputStream seal(
      OutputStream sink, PublicCert recipient, SealFormat format, String fileName)
      throws IOException {
    return seal(List.of(new Recipient(recipient, format, sink)), fileName, Instant.now());
  }

  /**
   * Returns a stream into which the caller writes the plaintext once; closing it finishes every
   * recipient's message and closes the sinks.
   *
   * <p>If writing fails, or the caller's own source fails mid-way, the sinks hold incomplete or
   * truncated messages that the caller must discard; after a failed write, {@code close()} only
   * closes the sinks and finishes nothing.
   *
   * @throws IOException when a recipient's certificate cannot be encrypted to now, or the signing
   *     key cannot sign now (the message names the certificate and why; the cause is a {@link
   *     SealException}); or when a sink fails. Every sink is closed when this throws.
   */
  public OutputStream seal(List<Recipient> recipients, String fileName, Instant modified)
      throws IOException {
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("no recipients to seal for");
    }
    try {
      return open(recipients, fileName, modified);
    } catch (IOException | RuntimeException e) {
      for (Recipient r : recipients) {
        try {
          r.sink().close();
        } catch (IOException | RuntimeException closing) {
          e.addSuppressed(closing);
        }
      }
      throw e;
    }
  }

  private OutputStream open(List<Recipient> recipients, String fileName, Instant modified)
      throws IOException {
    Instant now = Instant.now();
    List<String> signerProblems = signer.problems(now);
    if (!signerProblems.isEmpty()) {
      throw refused(
          "the signing key " + signer.fingerprint() + " " + String.join(", ", signerProblems));
    }
    List<PGPPublicKey> keys = new ArrayList<>();
    for (Recipient r : recipients) {
      PGPPublicKey key = r.cert().encryptionKey(now);
      // the line's approval as keys check applies it: a key that became the newest usable one
      // after start (the approved subkey expired or was revoked) is refused, not handed to the
      // module
      if (key == null || !Approval.encryptionKeyProblems(key).isEmpty()) {
        throw refused(
            r.cert()
                + " cannot be encrypted to: "
                + String.join(", ", r.cert().encryptionProblems(now)));
      }
      keys.add(key);
    }
    String literalName = literalFileName(fileName);
    try {
      PGPSignatureGenerator signature =
          Signatures.generator(signer, PGPSignature.BINARY_DOCUMENT, now);
      PGPOnePassSignature onePass = signature.generateOnePassVersion(false);
      List<SealedMessage> messages = new ArrayList<>();
      for (int i = 0; i < recipients.size(); i++) {
        Recipient r = recipients.get(i);
        messages.add(
            new SealedMessage(
                r.sink(),
                dataEncryptor(r.cert(), r.format()),
                keys.get(i),
                random,
                onePass,
                literalName,
                modified));
      }
      return new FanOut(signature, messages, threaded && messages.size() > 1);
    } catch (PGPException e) {
      throw new IOException("cannot seal: " + e.getMessage(), new SealException(e.getMessage(), e));
    }
  }

  private static IOException refused(String why) {
    SealException cause = new SealException("refused to seal: " + why);
    return new IOException(cause.getMessage(), cause);
  }

  private PGPDataEncryptorBuilder dataEncryptor(PublicCert cert, SealFormat format) {
    if (formatFor(cert, format) == SealFormat.SEIPD_V1) {
      return new SeipdV1Encryptor(random); // the line's CFB, see SeipdV1Cipher
    }
    // No setProvider: GCM is the JDK's (AES-NI); OCB is BouncyCastle's (see Providers).
    return new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
        .setWithIntegrityPacket(true)
        .setSecureRandom(random)
        .setWithAEAD(aeadAlgorithm(cert), AEAD_CHUNK_BITS)
        .setUseV6AEAD();
  }

  /**
   * OCB (mandatory in RFC 9580) unless the certificate ranks AES-256 with GCM before it; GCM always
   * on the FIPS line, where OCB is not approved (docs/fips.md).
   */
  static int aeadAlgorithm(PublicCert cert) {
    return Approval.aead(preferredAead(cert));
  }

  private static int preferredAead(PublicCert cert) {
    for (PreferredAEADCiphersuites.Combination c : cert.aeadPreferences()) {
      boolean aes256 = c.getSymmetricAlgorithm() == SymmetricKeyAlgorithmTags.AES_256;
      if (aes256 && c.getAeadAlgorithm() == AEADAlgorithmTags.GCM) {
        return AEADAlgorithmTags.GCM;
      }
      if (aes256 && c.getAeadAlgorithm() == AEADAlgorithmTags.OCB) {
        return AEADAlgorithmTags.OCB;
      }
    }
    return AEADAlgorithmTags.OCB;
  }

  /**
   * The name carried in the literal data packet: at most 255 UTF-8 bytes, so a longer one keeps its
   * end (the file name and extension), cut at a character boundary.
   */
  static String literalFileName(String fileName) {
    String name = fileName == null ? "" : fileName;
    while (name.getBytes(StandardCharsets.UTF_8).length > MAX_FILE_NAME_BYTES) {
      name = name.substring(name.offsetByCodePoints(0, 1));
    }
    return name;
  }
}
