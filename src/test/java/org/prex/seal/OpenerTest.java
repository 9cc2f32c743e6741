package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OpenerTest {
  @TempDir static Path dir;
  static Fixture keys;

  @BeforeAll
  static void keys() throws Exception {
    keys = new Fixture(dir, 2);
  }

  @ParameterizedTest
  @EnumSource(names = {"SEIPD_V1", "SEIPD_V2"})
  void aFlippedByteAnywhereInTheCiphertext_isRefused(SealFormat format) throws Exception {
    byte[] sealed = keys.seal(format, 0);
    int[] positions = {
      sealed.length / 3,
      sealed.length / 2,
      sealed.length - 100,
      sealed.length - 30,
      sealed.length - 1
    };
    for (int at : positions) {
      byte[] m = sealed.clone();
      m[at] ^= 0x01;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      SealException e =
          assertThrows(
              SealException.class,
              () ->
                  Opener.open(
                      new ByteArrayInputStream(m), keys.agencyKeys.get(0), keys.exchangeCert, out),
              format + " at " + at);
      assertTrue(e.getMessage().startsWith("refused"), e.getMessage());
    }
  }

  @Test
  void aFlippedByteInTheV1Ciphertext_isReportedAsAnIntegrityFailure() throws Exception {
    byte[] m = keys.seal(SealFormat.SEIPD_V1, 0);
    m[m.length / 2] ^= 0x01; // inside the literal data: packets still parse, the MDC does not match
    SealException e = refusedToAgency0(m);
    assertTrue(e.getMessage().contains("integrity check (MDC) failed"), e.getMessage());
  }

  @Test
  void aTruncatedMessage_isRefused() throws Exception {
    for (SealFormat format : new SealFormat[] {SealFormat.SEIPD_V1, SealFormat.SEIPD_V2}) {
      byte[] sealed = keys.seal(format, 0);
      for (int cut : new int[] {1, 22, 5000, sealed.length / 2}) {
        byte[] m = Arrays.copyOf(sealed, sealed.length - cut);
        assertThrows(
            SealException.class,
            () -> Fixture.open(m, keys.agencyKeys.get(0), keys.exchangeCert),
            format + " cut " + cut);
      }
    }
  }

  @Test
  void dataAppendedAfterTheMessage_isRefused() throws Exception {
    byte[] sealed = keys.seal(SealFormat.SEIPD_V1, 0);
    byte[] m = Arrays.copyOf(sealed, sealed.length + sealed.length);
    System.arraycopy(sealed, 0, m, sealed.length, sealed.length);
    SealException e = refusedToAgency0(m);
    assertTrue(e.getMessage().contains("after the encrypted message"), e.getMessage());
  }

  @Test
  void aSignatureByAnyoneButTheExpectedSigner_isRefused() throws Exception {
    byte[] m = keys.seal(SealFormat.AUTO, 0);
    PublicCert someoneElse = keys.agencyCerts.get(1);
    SealException e =
        assertThrows(
            SealException.class, () -> Fixture.open(m, keys.agencyKeys.get(0), someoneElse));
    assertTrue(
        e.getMessage().contains("not by the expected signer " + someoneElse.fingerprint()),
        e.getMessage());
  }

  @Test
  void anUnsignedMessage_isRefused() throws Exception {
    byte[] m = unsigned(keys.agencyCerts.get(0), "hello".getBytes());
    SealException e = refusedToAgency0(m);
    assertEquals("refused: the message is not signed", e.getMessage());
  }

  @Test
  void aMessageForAnotherKey_isRefused_namingWhoItIsFor() throws Exception {
    byte[] m = keys.seal(SealFormat.AUTO, 1);
    SealException e = refusedToAgency0(m);
    assertTrue(
        e.getMessage().contains("not encrypted to key " + keys.agencyKeys.get(0).fingerprint()),
        e.getMessage());
    String subkey =
        Long.toHexString(keys.agencyCerts.get(1).encryptionKey(Instant.now()).getKeyID());
    assertTrue(e.getMessage().toLowerCase().contains(subkey), e.getMessage());
  }

  @Test
  void notAnOpenPgpMessage_isRefused() {
    byte[] m = "just some text, not OpenPGP".getBytes();
    assertThrows(
        SealException.class, () -> Fixture.open(m, keys.agencyKeys.get(0), keys.exchangeCert));
  }

  @Test
  void anArmouredMessage_opens() throws Exception {
    byte[] sealed = keys.seal(SealFormat.AUTO, 0);
    ByteArrayOutputStream armored = new ByteArrayOutputStream();
    try (ArmoredOutputStream a = ArmoredOutputStream.builder().build(armored)) {
      a.write(sealed);
    }
    assertArrayEquals(
        Fixture.PLAINTEXT,
        Fixture.open(armored.toByteArray(), keys.agencyKeys.get(0), keys.exchangeCert).plaintext());
  }

  @Test
  void aFailingOutput_isReportedAsTheOutputsFailure() throws Exception {
    byte[] m = keys.seal(SealFormat.AUTO, 0);
    OutputStream full =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("No space left on device");
          }
        };
    SealException e =
        assertThrows(
            SealException.class,
            () ->
                Opener.open(
                    new ByteArrayInputStream(m), keys.agencyKeys.get(0), keys.exchangeCert, full));
    assertTrue(e.getMessage().startsWith("cannot write the plaintext"), e.getMessage());
    assertInstanceOf(IOException.class, e.getCause().getCause());
  }

  /** A message encrypted to {@code cert} with BouncyCastle, without any signature. */
  /** Opening {@code m} as the first agency, checked against the exchange's key, fails. */
  private static SealException refusedToAgency0(byte[] m) {
    return assertThrows(
        SealException.class, () -> Fixture.open(m, keys.agencyKeys.get(0), keys.exchangeCert));
  }

  private static byte[] unsigned(PublicCert cert, byte[] plaintext) throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PGPEncryptedDataGenerator generator =
        new PGPEncryptedDataGenerator(
            new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                .setWithIntegrityPacket(true)
                .setSecureRandom(new SecureRandom()));
    generator.addMethod(
        new JcePublicKeyKeyEncryptionMethodGenerator(cert.encryptionKey(Instant.now()))
            .setProvider(Providers.BC));
    try (OutputStream encrypted = generator.open(sink, new byte[1 << 12]);
        OutputStream literal =
            new PGPLiteralDataGenerator()
                .open(encrypted, PGPLiteralData.BINARY, "x", new Date(), new byte[1 << 12])) {
      literal.write(plaintext);
    }
    return sink.toByteArray();
  }
}
