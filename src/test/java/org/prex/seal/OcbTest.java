package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.bcpg.AEADAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.OCBBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prex's OCB over the JDK's AES against RFC 7253 and against BouncyCastle's OCB. */
class OcbTest {
  @TempDir static Path dir;
  static Fixture keys;
  static int ocbAgency;

  @BeforeAll
  static void setUp() throws Exception {
    keys = new Fixture(dir, 0);
    ocbAgency =
        keys.addAgency(
            KeyGenerator.generate(
                "ocb agency",
                Instant.now().minusSeconds(60),
                null,
                new KeyGenerator.Options(KeyGenerator.Algorithm.ED25519_LEGACY, true, List.of())));
  }

  /** RFC 7253 Appendix A, key 000102…0F: nonce, associated data, plaintext, ciphertext+tag. */
  static final String[][] RFC_7253 = {
    {"BBAA99887766554433221100", "", "", "785407BFFFC8AD9EDCC5520AC9111EE6"},
    {
      "BBAA99887766554433221101",
      "0001020304050607",
      "0001020304050607",
      "6820B3657B6F615A5725BDA0D3B4EB3A257C9AF1F8F03009"
    },
    {
      "BBAA99887766554433221104",
      "000102030405060708090A0B0C0D0E0F",
      "000102030405060708090A0B0C0D0E0F",
      "571D535B60B277188BE5147170A9A22C3AD7A4FF3835B8C5701C1CCEC8FC3358"
    },
    {
      "BBAA99887766554433221107",
      "000102030405060708090A0B0C0D0E0F1011121314151617",
      "000102030405060708090A0B0C0D0E0F1011121314151617",
      "1CA2207308C87C010756104D8840CE1952F09673A448A122C92C62241051F57356D7F3C90BB0E07F"
    },
    {
      "BBAA99887766554433221109",
      "",
      "000102030405060708090A0B0C0D0E0F1011121314151617",
      "221BD0DE7FA6FE993ECCD769460A0AF2D6CDED0C395B1C3CE725F32494B9F914D85C0B1EB38357FF"
    },
    {
      "BBAA9988776655443322110A",
      "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
      "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
      "BD6F6C496201C69296C11EFD138A467ABD3C707924B964DEAFFC40319AF5A48540FBBA186C5553C68AD9F592A79A4240"
    },
  };

  @Test
  void rfc7253Vectors_encryptAndDecrypt() throws Exception {
    Ocb ocb = new Ocb(new SecretKeySpec(Hex.decode("000102030405060708090A0B0C0D0E0F"), "AES"));
    for (String[] v : RFC_7253) {
      byte[] nonce = Hex.decode(v[0]);
      byte[] aad = Hex.decode(v[1]);
      byte[] p = Hex.decode(v[2]);
      byte[] c = Hex.decode(v[3]);
      assertArrayEquals(c, ocb.encrypt(nonce, aad, p, 0, p.length), v[0]);
      assertArrayEquals(p, ocb.decrypt(nonce, aad, c, 0, c.length), v[0]);
    }
  }

  @Test
  void randomInputs_giveWhatBouncyCastlesOcbGives_bothWays() throws Exception {
    Random random = new Random(7253);
    for (int round = 0; round < 400; round++) {
      byte[] key = bytes(random, round % 2 == 0 ? 32 : 16);
      byte[] nonce = bytes(random, 1 + random.nextInt(15));
      byte[] aad = bytes(random, random.nextInt(3) == 0 ? 0 : random.nextInt(70));
      int len = round < 390 ? random.nextInt(700) : (1 << 18) + random.nextInt(40);
      byte[] p = bytes(random, len);
      byte[] expected = bouncyCastle(true, key, nonce, aad, p);
      Ocb ocb = new Ocb(new SecretKeySpec(key, "AES"));
      assertArrayEquals(expected, ocb.encrypt(nonce, aad, p, 0, p.length), "round " + round);
      assertArrayEquals(p, ocb.decrypt(nonce, aad, expected, 0, expected.length), "round " + round);
    }
  }

  @Test
  void anyFlippedBit_failsTheTag() throws Exception {
    Random random = new Random(1);
    Ocb ocb = new Ocb(new SecretKeySpec(bytes(random, 32), "AES"));
    byte[] nonce = bytes(random, 15);
    byte[] aad = {1, 2, 3};
    byte[] c = ocb.encrypt(nonce, aad, bytes(random, 100), 0, 100);
    for (int i = 0; i < c.length; i++) {
      byte[] t = c.clone();
      t[i] ^= (byte) (1 << (i % 8));
      assertThrows(AEADBadTagException.class, () -> ocb.decrypt(nonce, aad, t, 0, t.length));
    }
    assertThrows(
        AEADBadTagException.class, () -> ocb.decrypt(nonce, new byte[] {1, 2, 4}, c, 0, c.length));
  }

  @Test
  void theJca_givesPrexsOcb_forAesOcb() throws Exception {
    Providers.ensure();
    Cipher c = Cipher.getInstance("AES/OCB/NoPadding");
    assertEquals(Providers.JDK_OCB, c.getProvider().getName());
    byte[] key = Hex.decode("000102030405060708090A0B0C0D0E0F");
    c.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(key, "AES"),
        new GCMParameterSpec(128, Hex.decode(RFC_7253[1][0])));
    c.updateAAD(Hex.decode(RFC_7253[1][1]));
    assertArrayEquals(Hex.decode(RFC_7253[1][3]), c.doFinal(Hex.decode(RFC_7253[1][2])));
    assertThrows(IllegalStateException.class, () -> c.doFinal(new byte[1]), "no nonce reuse");
  }

  @Test
  void seipdV2OcbMessages_readTheSameWithBouncyCastlesOcb_bothWays() throws Exception {
    // prex's OCB writes, BouncyCastle's OCB reads
    byte[] ours = keys.seal(SealFormat.AUTO, ocbAgency);
    assertEquals(AEADAlgorithmTags.OCB, Packets.encryptedData(ours).getAeadAlgorithm());
    assertArrayEquals(Fixture.PLAINTEXT, decryptWithBouncyCastle(ours));
    // BouncyCastle's OCB writes, prex's OCB reads (Opener)
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PGPSignatureGenerator signature =
        Signatures.generator(keys.exchange, PGPSignature.BINARY_DOCUMENT, Instant.now());
    JcePGPDataEncryptorBuilder bc =
        new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
            .setProvider(Providers.BC)
            .setWithAEAD(AEADAlgorithmTags.OCB, Sealer.AEAD_CHUNK_BITS)
            .setUseV6AEAD()
            .setSecureRandom(new SecureRandom());
    try (OutputStream out =
        new FanOut(
            signature,
            List.of(
                SealedMessage.open(
                    sink,
                    bc,
                    keys.agencyCerts.get(ocbAgency).encryptionKey(Instant.now()),
                    new SecureRandom(),
                    signature.generateOnePassVersion(false),
                    "bc",
                    Instant.now())),
            false)) {
      out.write(Fixture.PLAINTEXT);
    }
    assertArrayEquals(
        Fixture.PLAINTEXT,
        Fixture.open(sink.toByteArray(), keys.agencyKeys.get(ocbAgency), keys.exchangeCert)
            .plaintext());
  }

  private static byte[] decryptWithBouncyCastle(byte[] message) throws Exception {
    PGPEncryptedDataList list =
        (PGPEncryptedDataList)
            new JcaPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(message)))
                .nextObject();
    PGPPublicKeyEncryptedData data = (PGPPublicKeyEncryptedData) list.get(0);
    DecryptionKey key = keys.agencyKeys.get(ocbAgency);
    InputStream clear =
        data.getDataStream(
            new JcePublicKeyDataDecryptorFactoryBuilder()
                .setProvider(Providers.BC)
                .build(key.keyFor(data.getKeyIdentifier())));
    JcaPGPObjectFactory inner = new JcaPGPObjectFactory(clear);
    assertEquals(PGPOnePassSignatureList.class, inner.nextObject().getClass());
    PGPLiteralData literal = (PGPLiteralData) inner.nextObject();
    byte[] plain = literal.getDataStream().readAllBytes();
    inner.nextObject();
    clear.readAllBytes();
    return plain;
  }

  private static byte[] bouncyCastle(
      boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] in) throws Exception {
    OCBBlockCipher ocb = new OCBBlockCipher(AESEngine.newInstance(), AESEngine.newInstance());
    ocb.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
    byte[] out = new byte[ocb.getOutputSize(in.length)];
    int n = ocb.processBytes(in, 0, in.length, out, 0);
    ocb.doFinal(out, n);
    return out;
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
