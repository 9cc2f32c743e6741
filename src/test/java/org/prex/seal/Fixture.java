package org.prex.seal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Keys and plaintext the seal tests share: written to files and read back as prex does. */
final class Fixture {
  /** A distinctive plaintext of just over 1 MiB. */
  static final byte[] PLAINTEXT = plaintext();

  static final String MARKER = "PREX-PLAINTEXT-MARKER-7f3a9c";

  final Path dir;
  final SigningKey exchange;
  final PublicCert exchangeCert;
  final List<PublicCert> agencyCerts = new ArrayList<>();
  final List<DecryptionKey> agencyKeys = new ArrayList<>();

  /** A fixture in {@code dir} whose files {@code imported} (e.g. "signing.pub.asc") gpg has. */
  static Fixture importedInto(org.prex.testing.Gpg gpg, Path dir, int agencies, String... imported)
      throws Exception {
    Fixture keys = new Fixture(dir, agencies);
    for (String key : imported) {
      gpg.importFile(dir.resolve(key));
    }
    return keys;
  }

  Fixture(Path dir, int agencies) throws Exception {
    this.dir = dir;
    KeyGenerator.GeneratedKey signing =
        KeyGenerator.generate("prex exchange (test)", Instant.now().minusSeconds(60), null);
    exchange = SigningKey.read(write("signing.asc", signing.armoredSecret()), null);
    exchangeCert = PublicCert.read(write("signing.pub.asc", signing.armoredPublic()));
    for (int i = 0; i < agencies; i++) {
      addAgency(KeyGenerator.generate("agency-" + i, Instant.now().minusSeconds(60), null));
    }
  }

  int addAgency(KeyGenerator.GeneratedKey k) throws Exception {
    int i = agencyCerts.size();
    agencyCerts.add(PublicCert.read(write("agency-" + i + ".asc", k.armoredPublic())));
    agencyKeys.add(
        DecryptionKey.read(write("agency-" + i + ".secret.asc", k.armoredSecret()), null));
    return i;
  }

  Path write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text, StandardCharsets.US_ASCII);
    return f;
  }

  /** Seals {@code plaintext} to the given agencies (by index) in one pass. */
  List<byte[]> seal(SealFormat format, byte[] plaintext, int... agencies) throws IOException {
    List<ByteArrayOutputStream> sinks = new ArrayList<>();
    List<Sealer.Recipient> recipients = new ArrayList<>();
    for (int a : agencies) {
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      sinks.add(sink);
      recipients.add(new Sealer.Recipient(agencyCerts.get(a), format, sink));
    }
    try (OutputStream out =
        new Sealer(exchange).seal(recipients, "weights.safetensors", Instant.now())) {
      // in uneven pieces, as a caller's copy loop would
      int off = 0;
      for (int n = 1; off < plaintext.length; n = n * 3 + 7) {
        int len = Math.min(n, plaintext.length - off);
        out.write(plaintext, off, len);
        off += len;
      }
    }
    return sinks.stream().map(ByteArrayOutputStream::toByteArray).toList();
  }

  byte[] seal(SealFormat format, int agency) throws IOException {
    return seal(format, PLAINTEXT, agency).get(0);
  }

  static Opened open(byte[] message, DecryptionKey key, PublicCert signer) throws SealException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Opener.Opened o = Opener.open(new ByteArrayInputStream(message), key, signer, out);
    return new Opened(o, out.toByteArray());
  }

  record Opened(Opener.Opened info, byte[] plaintext) {}

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  static Instant inDays(int days) {
    return Instant.now().plus(Duration.ofDays(days));
  }

  private static byte[] plaintext() {
    byte[] p = new byte[(1 << 20) + 4321];
    new Random(20261126).nextBytes(p);
    byte[] marker = MARKER.getBytes(StandardCharsets.US_ASCII);
    for (int at = 0; at + marker.length < p.length; at += 100_000) {
      System.arraycopy(marker, 0, p, at, marker.length);
    }
    return p;
  }
}
