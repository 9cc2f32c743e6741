package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Red-team findings on the FIPS line (branch red-fips). Each test states what the contract asks;
 * the fixtures are described in redteam/README.md. Each failed when written, and passes since the
 * fix named in its commit.
 */
class RedTeamFipsTest {
  private static final Path FIX = Path.of("src/line/fips/test/org/prex/seal/redteam");
  private static final Path EXAMPLE = Path.of("keys-example");

  /**
   * A certificate whose approved (P-384) encryption subkey has expired but whose older RSA one has
   * not: keys check refuses it, but a running serve seals to the RSA key anyway (Sealer.open does
   * not apply Approval), the module throws FipsUnapprovedOperationError (an Error), and the item
   * is quarantined as "failed while handling: org.apache.camel.CamelExecutionException".
   */
  @Test
  void sealing_toACertWhoseOnlyUsableEncryptionKeyIsRsa_isRefusedSayingWhy(@TempDir Path dir)
      throws Exception {
    Fixture keys = new Fixture(dir, 0);
    PublicCert cert = PublicCert.read(FIX.resolve("rsa-and-expired-p384.asc"));
    assertFalse(cert.encryptionProblems(Instant.now()).isEmpty(), "keys check refuses it");
    IOException e =
        assertThrows(
            IOException.class,
            () -> {
              try (var out =
                  new Sealer(keys.exchange)
                      .seal(
                          List.of(
                              new Sealer.Recipient(
                                  cert, SealFormat.AUTO, new ByteArrayOutputStream())),
                          "x",
                          Instant.now())) {
                out.write(1);
              }
            });
    assertTrue(e.getMessage().contains("RSA"), e.getMessage());
  }

  /** A package the default build sealed with OCB: not damaged, but not approved. */
  @Test
  void opening_anOcbPackage_saysOcbIsNotApproved_notThatItWasAltered() throws Exception {
    String why =
        refusal(
            "ocb.manifest.pgp",
            FIX.resolve("ocb-recipient.secret.asc"),
            FIX.resolve("p384-signing.pub.asc"));
    assertFalse(why.contains("damaged or altered"), why);
    assertTrue(why.contains("OCB"), why);
  }

  /** A package to an X25519 key (the example keys): the key, not the package, is the problem. */
  @Test
  void opening_withAnX25519Key_saysX25519IsNotApproved_notThatItWasAltered() throws Exception {
    String why =
        refusal(
            "x25519.manifest.pgp",
            EXAMPLE.resolve("agencies/nsa.secret.asc"),
            EXAMPLE.resolve("exchange/signing.pub.asc"));
    assertFalse(why.contains("damaged or altered"), why);
    assertTrue(why.contains("X25519"), why);
  }

  /** A package signed with Ed25519 (default build, example exchange key), to a P-384 key. */
  @Test
  void opening_anEdDsaSignedPackage_saysEdDsaIsNotApproved_notThatItWasAltered()
      throws Exception {
    String why =
        refusal(
            "eddsa.manifest.pgp",
            FIX.resolve("eddsa-recipient.secret.asc"),
            EXAMPLE.resolve("exchange/signing.pub.asc"));
    assertFalse(why.contains("damaged or altered"), why);
    assertTrue(why.contains("EdDSA"), why);
  }

  private static String refusal(String message, Path secret, Path signer) throws Exception {
    DecryptionKey key = DecryptionKey.read(secret, null);
    PublicCert exchange = PublicCert.read(signer);
    byte[] bytes = Files.readAllBytes(FIX.resolve(message));
    SealException e =
        assertThrows(
            SealException.class,
            () ->
                Opener.open(
                    new ByteArrayInputStream(bytes), key, exchange, new ByteArrayOutputStream()));
    return e.getMessage();
  }
}
