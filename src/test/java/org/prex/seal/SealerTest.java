package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.bcpg.AEADAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricEncIntegrityPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.PreferredAEADCiphersuites.Combination;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.prex.testing.TestLine;

class SealerTest {
  @TempDir static Path dir;
  static Fixture keys;
  static int v2Agency;
  static int gcmAgency;

  @BeforeAll
  static void keys() throws Exception {
    keys = new Fixture(dir, 3);
    v2Agency = addSeipdV2Agency("rfc9580 agency", List.of());
    gcmAgency =
        addSeipdV2Agency(
            "gcm agency",
            List.of(
                new Combination(SymmetricKeyAlgorithmTags.AES_256, AEADAlgorithmTags.GCM),
                new Combination(SymmetricKeyAlgorithmTags.AES_256, AEADAlgorithmTags.OCB)));
  }

  /** An agency whose key advertises SEIPDv2, with these AEAD preferences (none: the default). */
  private static int addSeipdV2Agency(String uid, List<Combination> aead) throws Exception {
    return keys.addAgency(
        KeyGenerator.generate(
            uid,
            Instant.now().minusSeconds(60),
            null,
            new KeyGenerator.Options(KeyLine.ALGORITHM, true, aead)));
  }

  @Test
  void sealToThreeRecipientsInOnePass_eachOpensItsOwnToTheExactBytes_signedByTheExchange()
      throws Exception {
    List<byte[]> messages = keys.seal(SealFormat.AUTO, Fixture.PLAINTEXT, 0, 1, 2);
    assertEquals(3, messages.size());
    for (int i = 0; i < 3; i++) {
      Fixture.Opened opened =
          Fixture.open(messages.get(i), keys.agencyKeys.get(i), keys.exchangeCert);
      assertArrayEquals(Fixture.PLAINTEXT, opened.plaintext());
      assertEquals("weights.safetensors", opened.info().fileName());
      assertEquals(keys.exchange.fingerprint(), opened.info().signerFingerprint());
    }
  }

  @Test
  void eachMessage_isEncryptedToItsRecipientOnly_andOthersCannotOpenIt() throws Exception {
    List<byte[]> messages = keys.seal(SealFormat.AUTO, Fixture.PLAINTEXT, 0, 1, 2);
    for (int i = 0; i < 3; i++) {
      PGPEncryptedDataList list = Packets.recipients(messages.get(i));
      assertEquals(1, list.size(), "one recipient per message");
      for (int other = 0; other < 3; other++) {
        if (other == i) {
          continue;
        }
        byte[] m = messages.get(i);
        DecryptionKey wrong = keys.agencyKeys.get(other);
        SealException e =
            assertThrows(SealException.class, () -> Fixture.open(m, wrong, keys.exchangeCert));
        assertTrue(
            e.getMessage().contains("not encrypted to key " + wrong.fingerprint()), e.getMessage());
      }
    }
  }

  @Test
  void sealedMessages_doNotContainThePlaintext_andDifferFromEachOther() throws Exception {
    byte[] marker = Fixture.MARKER.getBytes(StandardCharsets.US_ASCII);
    List<byte[]> messages = keys.seal(SealFormat.AUTO, Fixture.PLAINTEXT, 0, 1, 2);
    for (byte[] m : messages) {
      assertTrue(m.length > Fixture.PLAINTEXT.length);
      assertFalse(Fixture.contains(m, marker), "no plaintext in the ciphertext");
      assertFalse(Fixture.contains(m, "weights.safetensors".getBytes(StandardCharsets.UTF_8)));
    }
    assertFalse(java.util.Arrays.equals(messages.get(0), messages.get(1)));
  }

  @Test
  void seipdV1_roundTrips_withMdc_andAes256() throws Exception {
    byte[] m = keys.seal(SealFormat.SEIPD_V1, 0);
    SymmetricEncIntegrityPacket p = Packets.encryptedData(m);
    assertEquals(SymmetricEncIntegrityPacket.VERSION_1, p.getVersion());
    Fixture.Opened opened = Fixture.open(m, keys.agencyKeys.get(0), keys.exchangeCert);
    assertEquals(SealFormat.SEIPD_V1, opened.info().format());
    assertArrayEquals(Fixture.PLAINTEXT, opened.plaintext());
  }

  @Test
  void seipdV2_roundTrips_withAes256AndTheLinesAead_in256KiBChunks() throws Exception {
    byte[] m = keys.seal(SealFormat.SEIPD_V2, 0);
    SymmetricEncIntegrityPacket p = Packets.encryptedData(m);
    assertEquals(SymmetricEncIntegrityPacket.VERSION_2, p.getVersion());
    assertEquals(SymmetricKeyAlgorithmTags.AES_256, p.getCipherAlgorithm());
    assertEquals(TestLine.SEIPD_V2_AEAD, p.getAeadAlgorithm(), "OCB, or GCM on the FIPS line");
    assertEquals(12, p.getChunkSize(), "chunk size octet 12: 2^(12+6) bytes");
    Fixture.Opened opened = Fixture.open(m, keys.agencyKeys.get(0), keys.exchangeCert);
    assertEquals(SealFormat.SEIPD_V2, opened.info().format());
    assertArrayEquals(Fixture.PLAINTEXT, opened.plaintext());
  }

  @Test
  void auto_givesSeipdV2_onlyToCertsAdvertisingIt() throws Exception {
    assertFalse(keys.agencyCerts.get(0).advertisesSeipdV2());
    assertTrue(keys.agencyCerts.get(v2Agency).advertisesSeipdV2());
    List<byte[]> messages = keys.seal(SealFormat.AUTO, Fixture.PLAINTEXT, 0, v2Agency);
    assertEquals(1, Packets.encryptedData(messages.get(0)).getVersion());
    assertEquals(2, Packets.encryptedData(messages.get(1)).getVersion());
    Fixture.Opened v2 =
        Fixture.open(messages.get(1), keys.agencyKeys.get(v2Agency), keys.exchangeCert);
    assertEquals(SealFormat.SEIPD_V2, v2.info().format());
    assertArrayEquals(Fixture.PLAINTEXT, v2.plaintext());
    assertEquals(SealFormat.SEIPD_V1, Sealer.formatFor(keys.agencyCerts.get(0), SealFormat.AUTO));
    assertEquals(
        SealFormat.SEIPD_V2, Sealer.formatFor(keys.agencyCerts.get(0), SealFormat.SEIPD_V2));
    assertEquals(
        SealFormat.SEIPD_V1, Sealer.formatFor(keys.agencyCerts.get(v2Agency), SealFormat.SEIPD_V1));
  }

  @Test
  void seipdV2_usesGcm_whenTheCertRanksItFirst() throws Exception {
    byte[] m = keys.seal(SealFormat.AUTO, gcmAgency);
    assertEquals(AEADAlgorithmTags.GCM, Packets.encryptedData(m).getAeadAlgorithm());
    assertArrayEquals(
        Fixture.PLAINTEXT,
        Fixture.open(m, keys.agencyKeys.get(gcmAgency), keys.exchangeCert).plaintext());
  }

  @Test
  void emptyPlaintext_roundTrips() throws Exception {
    for (SealFormat f : List.of(SealFormat.SEIPD_V1, SealFormat.SEIPD_V2)) {
      byte[] m = keys.seal(f, new byte[0], 0).get(0);
      assertArrayEquals(
          new byte[0], Fixture.open(m, keys.agencyKeys.get(0), keys.exchangeCert).plaintext());
    }
  }

  @Test
  void sealForOne_finishesTheMessageAndClosesTheSink() throws Exception {
    ClosingSink sink = new ClosingSink();
    try (OutputStream out =
        new Sealer(keys.exchange).seal(sink, keys.agencyCerts.get(1), SealFormat.AUTO, "card.md")) {
      out.write("# model card\n".getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(sink.closed);
    Fixture.Opened o = Fixture.open(sink.toByteArray(), keys.agencyKeys.get(1), keys.exchangeCert);
    assertEquals("card.md", o.info().fileName());
    assertEquals("# model card\n", new String(o.plaintext(), StandardCharsets.UTF_8));
  }

  @Test
  void aFileNameLongerThanALiteralPacketHolds_keepsItsEnd() throws Exception {
    String name = "dir/".repeat(80) + "é-weights.safetensors";
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out =
        new Sealer(keys.exchange).seal(sink, keys.agencyCerts.get(0), SealFormat.AUTO, name)) {
      out.write(1);
    }
    String got =
        Fixture.open(sink.toByteArray(), keys.agencyKeys.get(0), keys.exchangeCert)
            .info()
            .fileName();
    assertTrue(got.getBytes(StandardCharsets.UTF_8).length <= 255, got);
    assertTrue(name.endsWith(got) && got.endsWith("é-weights.safetensors"), got);
  }

  @Test
  void sealForExpiredAgencyKey_isRefused_namingTheCertificate() throws Exception {
    KeyGenerator.GeneratedKey old =
        KeyGenerator.generate(
            "expired agency", Instant.now().minus(Duration.ofDays(10)), Duration.ofDays(1));
    Sealer sealer = new Sealer(keys.exchange);
    IOException e =
        assertThrows(
            IOException.class,
            () -> sealer.seal(new ByteArrayOutputStream(), old.cert(), SealFormat.AUTO, "x"));
    assertInstanceOf(SealException.class, e.getCause());
    assertTrue(e.getMessage().contains(old.fingerprint()), e.getMessage());
    assertTrue(e.getMessage().contains("expired on"), e.getMessage());
    ClosingSink sink = new ClosingSink();
    List<Sealer.Recipient> mixed =
        List.of(
            new Sealer.Recipient(keys.agencyCerts.get(0), SealFormat.AUTO, sink),
            new Sealer.Recipient(old.cert(), SealFormat.AUTO, new ClosingSink()));
    assertThrows(IOException.class, () -> sealer.seal(mixed, "x", Instant.now()));
    assertTrue(sink.closed, "a refused seal closes every sink");
    assertEquals(0, sink.size(), "and writes nothing to any");
  }

  @Test
  void sealWithAnExpiredSigningKey_isRefused() throws Exception {
    KeyGenerator.GeneratedKey old =
        KeyGenerator.generate(
            "old exchange", Instant.now().minus(Duration.ofDays(10)), Duration.ofDays(1));
    SigningKey expired =
        SigningKey.read(keys.write("old-signing.asc", old.armoredSecret()), new char[0]);
    assertEquals(1, expired.problems(Instant.now()).size());
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                new Sealer(expired)
                    .seal(
                        new ByteArrayOutputStream(),
                        keys.agencyCerts.get(0),
                        SealFormat.AUTO,
                        "x"));
    assertTrue(
        e.getMessage().contains("signing key " + old.fingerprint() + " expired on"),
        e.getMessage());
  }

  /** What a caller writes into a seal's stream. */
  private interface Writes {
    void to(OutputStream out) throws IOException;
  }

  /**
   * Seals what {@code writes} writes to two agencies (SEIPDv1 and, where advertised, SEIPDv2) and
   * checks that each opens to {@code expected}.
   */
  private void sealsToTwoAgencies(boolean threaded, Writes writes, byte[] expected)
      throws Exception {
    List<ByteArrayOutputStream> sinks =
        List.of(new ByteArrayOutputStream(), new ByteArrayOutputStream());
    try (OutputStream out =
        new Sealer(keys.exchange, threaded)
            .seal(
                List.of(
                    new Sealer.Recipient(
                        keys.agencyCerts.get(0), SealFormat.SEIPD_V1, sinks.get(0)),
                    new Sealer.Recipient(
                        keys.agencyCerts.get(v2Agency), SealFormat.AUTO, sinks.get(1))),
                "w",
                Instant.now())) {
      writes.to(out);
    }
    assertArrayEquals(
        expected,
        Fixture.open(sinks.get(0).toByteArray(), keys.agencyKeys.get(0), keys.exchangeCert)
            .plaintext());
    assertArrayEquals(
        expected,
        Fixture.open(sinks.get(1).toByteArray(), keys.agencyKeys.get(v2Agency), keys.exchangeCert)
            .plaintext());
  }

  @ParameterizedTest(name = "threaded={0}")
  @ValueSource(booleans = {false, true})
  void sequentialAndThreadedFanOut_sealTheSame(boolean threaded) throws Exception {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int i = 0; i < 7; i++) { // 7 MiB: many chunks, and a partial one at the end
      expected.write(Fixture.PLAINTEXT, 0, Fixture.PLAINTEXT.length - i);
    }
    sealsToTwoAgencies(
        threaded,
        out -> {
          for (int i = 0; i < 7; i++) {
            out.write(Fixture.PLAINTEXT, 0, Fixture.PLAINTEXT.length - i);
          }
        },
        expected.toByteArray());
  }

  /** Below one chunk the threaded fan-out starts no thread; at and above it, it does. */
  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(
      ints = {
        0,
        20_000,
        ThreadedDistributor.CHUNK - 1,
        ThreadedDistributor.CHUNK,
        ThreadedDistributor.CHUNK + 1
      })
  void threadedFanOut_sealsEverySizeAroundOneChunk(int size) throws Exception {
    byte[] plaintext = new byte[size];
    new java.util.Random(size).nextBytes(plaintext);
    sealsToTwoAgencies(
        true,
        out -> {
          out.write(plaintext, 0, size / 2);
          out.write(plaintext, size / 2, size - size / 2);
        },
        plaintext);
  }

  @ParameterizedTest(name = "threaded={0}")
  @ValueSource(booleans = {false, true})
  void aFailingSink_failsTheSeal_andCloseFinishesNoMessage(boolean threaded) throws Exception {
    ClosingSink good = new ClosingSink();
    OutputStream broken =
        new OutputStream() {
          private int room = 100_000;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            room -= len;
            if (room < 0) {
              throw new IOException("disk full");
            }
          }
        };
    OutputStream out =
        new Sealer(keys.exchange, threaded)
            .seal(
                List.of(
                    new Sealer.Recipient(keys.agencyCerts.get(0), SealFormat.AUTO, good),
                    new Sealer.Recipient(keys.agencyCerts.get(1), SealFormat.AUTO, broken)),
                "x",
                Instant.now());
    assertThrows(
        IOException.class,
        () -> {
          for (int i = 0; i < 10; i++) { // a threaded seal reports the failure a few chunks later
            out.write(Fixture.PLAINTEXT);
          }
        });
    assertThrows(IOException.class, out::close);
    assertTrue(good.closed, "every sink is closed");
    byte[] partial = good.toByteArray();
    assertThrows(
        SealException.class,
        () -> Fixture.open(partial, keys.agencyKeys.get(0), keys.exchangeCert));
  }

  /** A byte sink that records whether it was closed. */
  static final class ClosingSink extends ByteArrayOutputStream {
    boolean closed;

    @Override
    public void close() {
      closed = true;
    }
  }
}
