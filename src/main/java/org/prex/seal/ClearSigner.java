package org.prex.seal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * OpenPGP cleartext signatures (RFC 9580 §7), as {@code gpg --clearsign} makes and {@code gpg
 * --verify} checks them: the text stays readable, followed by an armoured canonical-text signature
 * (SHA-256) by the exchange's signing key.
 *
 * <p>Text is a sequence of lines, each ended by {@code \n} (a missing final {@code \n} is implied;
 * {@code \r} is refused). As the standard says, the signature covers the lines without trailing
 * spaces or tabs, joined by CR LF, without the final line ending; lines that start with {@code -}
 * are dash-escaped ({@code - }) in the output. {@link #verify} returns the lines, each ended by
 * {@code \n}.
 */
public final class ClearSigner {
  private static final String BEGIN = "-----BEGIN PGP SIGNED MESSAGE-----";
  private static final String BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----";

  private final SigningKey key;

  public ClearSigner(SigningKey key) {
    Providers.ensure();
    this.key = Objects.requireNonNull(key, "signing key");
  }

  /** The clear-signed form of {@code text}. */
  public String sign(String text) {
    List<String> lines = lines(text);
    PGPPublicKey pub = key.publicKey();
    try {
      PGPSignatureGenerator generator =
          new PGPSignatureGenerator(
              new JcaPGPContentSignerBuilder(pub.getAlgorithm(), HashAlgorithmTags.SHA256)
                  .setProvider(Providers.BC)
                  .setDigestProvider("SUN"),
              pub);
      generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, key.privateKey());
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setSignatureCreationTime(true, Date.from(Instant.now()));
      hashed.setIssuerFingerprint(false, pub);
      generator.setHashedSubpackets(hashed.generate());
      generator.update(canonical(lines));

      StringBuilder out = new StringBuilder();
      out.append(BEGIN).append('\n').append("Hash: SHA256\n\n");
      for (String line : lines) {
        out.append(line.startsWith("-") ? "- " + line : line).append('\n');
      }
      ByteArrayOutputStream armored = new ByteArrayOutputStream();
      try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(armored);
          BCPGOutputStream packets = new BCPGOutputStream(armor)) {
        generator.generate().encode(packets);
      }
      return out.append(armored.toString(StandardCharsets.US_ASCII)).toString();
    } catch (PGPException | IOException e) {
      throw new IllegalStateException("cannot clear-sign: " + e.getMessage(), e);
    }
  }

  /**
   * Checks a clear-signed text against {@code signer}'s signing keys and returns the signed text.
   *
   * @throws SealException if it is not clear-signed, or the signature is not {@code signer}'s or
   *     does not match the text
   */
  public static String verify(String clearSigned, PublicCert signer) throws SealException {
    Providers.ensure();
    Objects.requireNonNull(signer, "signer");
    String[] all = clearSigned.replace("\r\n", "\n").split("\n", -1);
    int i = 0;
    while (i < all.length && !all[i].equals(BEGIN)) {
      i++;
    }
    if (i == all.length) {
      throw new SealException("not an OpenPGP clear-signed text (no '" + BEGIN + "' line)");
    }
    i++;
    while (i < all.length && !all[i].isEmpty()) {
      i++; // armour headers, e.g. "Hash: SHA256"
    }
    i++;
    List<String> lines = new ArrayList<>();
    while (i < all.length && !all[i].equals(BEGIN_SIGNATURE)) {
      String line = all[i++];
      lines.add(line.startsWith("- ") ? line.substring(2) : line);
    }
    if (i == all.length) {
      throw new SealException("clear-signed text has no signature block");
    }
    StringBuilder block = new StringBuilder();
    for (; i < all.length; i++) {
      block.append(all[i]).append('\n');
    }
    PGPSignature signature;
    try (InputStream in =
        PGPUtil.getDecoderStream(
            new ByteArrayInputStream(block.toString().getBytes(StandardCharsets.US_ASCII)))) {
      Object o = new JcaPGPObjectFactory(in).nextObject();
      if (!(o instanceof PGPSignatureList list) || list.isEmpty()) {
        throw new SealException("clear-signed text's signature block holds no signature");
      }
      signature = list.get(0);
    } catch (IOException e) {
      throw new SealException("clear-signed text's signature block is unreadable", e);
    }
    PGPPublicKey key = null;
    for (PGPPublicKey k : signer.signingKeys()) {
      if (k.getKeyID() == signature.getKeyID()) {
        key = k;
      }
    }
    if (key == null) {
      throw new SealException(
          "clear-signed text is not signed by " + signer.fingerprint() + " (a different key)");
    }
    try {
      signature.init(new JcaPGPContentVerifierBuilderProvider().setProvider(Providers.BC), key);
      signature.update(canonical(lines));
      if (signature.getSignatureType() != PGPSignature.CANONICAL_TEXT_DOCUMENT
          || !signature.verify()) {
        throw new SealException("clear-signed text does not match its signature");
      }
    } catch (PGPException e) {
      throw new SealException("cannot check the clear-signed text's signature", e);
    }
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append('\n');
    }
    return text.toString();
  }

  private static List<String> lines(String text) {
    Objects.requireNonNull(text, "text");
    if (text.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("text to clear-sign must use \\n line endings only");
    }
    String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    return List.of(body.split("\n", -1));
  }

  /** Lines without trailing blanks, joined by CR LF, no final line ending (RFC 9580 §7.2). */
  private static byte[] canonical(List<String> lines) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        s.append("\r\n");
      }
      s.append(lines.get(i).replaceAll("[ \t]+$", ""));
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }
}
