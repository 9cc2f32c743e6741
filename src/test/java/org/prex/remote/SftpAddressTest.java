package org.prex.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SftpAddressTest {
  private static final String FORM = "sftp://user@host:port/path?…";

  private static SftpAddress parse(String uri) {
    return SftpAddress.parse(uri, "--test", FORM);
  }

  @Test
  void anAddress_isReadIntoItsParts_withDecodedOptionsInOrder() {
    SftpAddress a =
        parse("sftp://prex@drop.example:2022/labs?privateKeyFile=/k/id%20x&knownHostsFile=/k/kh");
    assertEquals("prex", a.user());
    assertEquals("drop.example", a.host());
    assertEquals(2022, a.port());
    assertEquals("/labs", a.path());
    assertEquals("labs", a.relativePath());
    assertEquals(Map.of("privateKeyFile", "/k/id x", "knownHostsFile", "/k/kh"), a.options());
    assertEquals(
        java.util.List.of("privateKeyFile", "knownHostsFile"),
        a.options().keySet().stream().toList());
  }

  @Test
  void withoutPortOrPath_itIsPort22AndTheLoginFolder() {
    SftpAddress a = parse("sftp://prex@10.0.0.7");
    assertEquals(22, a.port());
    assertEquals("", a.path());
    assertEquals("", a.relativePath());
    assertEquals("", parse("sftp://prex@h/").relativePath());
    assertEquals("/srv/drop", parse("sftp://prex@h//srv/drop").relativePath());
    assertEquals("::1", parse("sftp://prex@[::1]:2222/x").host());
  }

  @Test
  void timeouts_areMilliseconds_withADefault() {
    SftpAddress a = parse("sftp://p@h/x?readTimeout=2000");
    assertEquals(Duration.ofSeconds(2), a.millis("readTimeout", Duration.ofSeconds(30)));
    assertEquals(Duration.ofSeconds(15), a.millis("connectTimeout", Duration.ofSeconds(15)));
    assertNull(a.option("connectTimeout"));
  }

  @Test
  void aMalformedAddress_isRefusedNamingTheUseAndTheProblem() {
    assertRefused("ftp://p@h/x", "--test must be " + FORM);
    assertRefused("SFTP://p@h/x", "--test must be");
    assertRefused("", "--test is empty");
    assertRefused("sftp://p@h/x y", "--test is not a valid URI");
    assertRefused("sftp://h:22/x", "names no user");
    assertRefused("sftp://p@h:notaport/x", "no valid user@host:port");
    assertRefused("sftp://p@h/x?a=1#secret", "'#' fragment");
    assertRefused("sftp://p@h/x?=secret", "an option without a name");
    assertRefused("sftp://p@h/x?a=", "option 'a' has no value");
    assertRefused("sftp://p@h/x?a", "option 'a' has no value");
    assertRefused("sftp://p@h/x?a=%zzsecret", "--test is not a valid URI");
    assertRefused("sftp://p@h/x?a=secret&a=secret2", "option 'a' is given twice");
  }

  @Test
  void optionsAUseDoesNotAllow_orNeeds_areRefused() {
    SftpAddress a = parse("sftp://p@h/x?privateKeyFile=k&strictHostKeyChecking=no");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> a.allowOnly(Set.of("privateKeyFile"), "--test", "privateKeyFile"));
    assertEquals(
        "--test option 'strictHostKeyChecking' is not allowed (allowed: privateKeyFile)",
        e.getMessage());
    assertEquals("k", a.required("privateKeyFile", "needs a key"));
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class, () -> a.required("knownHostsFile", "needs known"));
    assertEquals("needs known", missing.getMessage());
  }

  private static void assertRefused(String uri, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(uri));
    assertTrue(e.getMessage().contains(expected), uri + " -> " + e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void printed_anAddressOrALogin_showsNoPassphrase() {
    SftpAddress a =
        parse("sftp://prex@drop.example/labs?privateKeyFile=/k/id&privateKeyPassphrase=s3cret-pp");
    assertFalse(a.toString().contains("s3cret-pp"), a.toString());
    assertTrue(a.toString().contains("privateKeyPassphrase"), a.toString());
    SftpSessions.Login login =
        new SftpSessions.Login(
            "prex",
            "drop.example",
            22,
            java.nio.file.Path.of("/k/id"),
            "s3cret-pp",
            java.nio.file.Path.of("/k/kh"),
            Duration.ofSeconds(15),
            Duration.ofSeconds(30));
    assertFalse(login.toString().contains("s3cret-pp"), login.toString());
  }
}
