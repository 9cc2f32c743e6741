package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.testing.Gpg;

/** Clear-signed texts open with real {@code gpg --verify}, and tampering is caught both ways. */
class ClearSignerTest {
  private static final Path KEYS = Path.of("keys-example/exchange");
  private static final String TEXT =
      "prex.example/transfer-log\n42\n-dash line stays\ntrailing blanks   \nlast\n";

  @TempDir Path dir;

  @Test
  void gpgVerifiesWhatItSignsAndVerifyReturnsTheText() throws Exception {
    SigningKey key = SigningKey.read(KEYS.resolve("signing.asc"), new char[0]);
    String signed = new ClearSigner(key).sign(TEXT);
    assertTrue(signed.contains("\n- -dash line stays\n"), signed);

    Gpg gpg = new Gpg(dir.resolve("gnupg"));
    gpg.importKey(KEYS.resolve("signing.pub.asc"));
    Path file = dir.resolve("checkpoint.asc");
    Files.writeString(file, signed);
    Gpg.Result r = gpg.run("--verify", file.toString());
    assertEquals(0, r.exit(), r.stderr());
    assertTrue(r.status().contains("GOODSIG"), r.status());

    PublicCert cert = PublicCert.read(KEYS.resolve("signing.pub.asc"));
    assertEquals(TEXT, ClearSigner.verify(signed, cert));

    String changed = signed.replace("\n42\n", "\n43\n");
    Files.writeString(file, changed);
    assertTrue(gpg.run("--verify", file.toString()).exit() != 0);
    SealException e = assertThrows(SealException.class, () -> ClearSigner.verify(changed, cert));
    assertEquals("clear-signed text does not match its signature", e.getMessage());
  }

  @Test
  void refusesAnotherKeysSignature() throws Exception {
    SigningKey key = SigningKey.read(KEYS.resolve("signing.asc"), new char[0]);
    String signed = new ClearSigner(key).sign("a\n");
    PublicCert other = PublicCert.read(Path.of("keys-example/agencies/cisa.asc"));
    assertThrows(SealException.class, () -> ClearSigner.verify(signed, other));
    assertThrows(SealException.class, () -> ClearSigner.verify("a\n", other));
  }
}
