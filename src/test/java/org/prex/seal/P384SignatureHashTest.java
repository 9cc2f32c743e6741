package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A P-384 signing key (the FIPS line's, docs/fips.md) signs with SHA-384: GnuPG refuses to check an
 * ECDSA P-384 signature over a shorter hash ("requires a 384 bit or larger hash"), and a receipt or
 * package it cannot check is worth nothing to a lab or an agency.
 */
class P384SignatureHashTest {

  @Test
  void aP384Key_clearSignsWithSha384_andTheHeaderSaysSo(@TempDir Path dir) throws Exception {
    KeyGenerator.GeneratedKey key =
        KeyGenerator.generate(
            "exchange <x@example>",
            Instant.now(),
            null,
            new KeyGenerator.Options(KeyGenerator.Algorithm.P384, false, List.of()));
    Path secret = dir.resolve("signing.asc");
    Files.writeString(secret, key.armoredSecret());
    String signed = new ClearSigner(SigningKey.read(secret, new char[0])).sign("receipt\n");
    assertTrue(signed.contains("\nHash: SHA384\n"), signed);
    assertEquals("receipt\n", ClearSigner.verify(signed, key.cert()));
  }
}
