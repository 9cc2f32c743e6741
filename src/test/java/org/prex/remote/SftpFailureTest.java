package org.prex.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpException;
import java.lang.reflect.Constructor;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.prex.remote.SftpFailure.Kind;

/**
 * A failed login is told by the exception's type and the session's state. Every exception here
 * carries a message that would mislead a reading of its words: the kind must not depend on them.
 */
class SftpFailureTest {

  @Test
  void aHostKeyNotInKnownHosts_isAHostKeyFailure_whateverItsMessageSays() throws Exception {
    assertEquals(
        Kind.HOST_KEY,
        SftpFailure.ofLogin(jsch("JSchUnknownHostKeyException", "Auth fail"), false));
    assertEquals(
        Kind.HOST_KEY, SftpFailure.ofLogin(jsch("JSchChangedHostKeyException", "auth"), true));
    assertEquals(
        Kind.HOST_KEY, SftpFailure.ofLogin(jsch("JSchRevokedHostKeyException", "x"), true));
  }

  @Test
  void aPlainFailureAfterTheHostKey_isTheLoginRefused() {
    assertEquals(Kind.LOGIN_REFUSED, SftpFailure.ofLogin(new JSchException("HostKey"), true));
    assertEquals(Kind.UNREACHABLE, SftpFailure.ofLogin(new JSchException("Auth fail"), false));
  }

  @Test
  void anIoCause_isNoConnection_namedByItsType() {
    for (Exception cause :
        new Exception[] {
          new ConnectException("Auth fail"),
          new SocketTimeoutException("host key"),
          new UnknownHostException("auth")
        }) {
      JSchException e = new JSchException("Auth fail", cause);
      assertEquals(Kind.UNREACHABLE, SftpFailure.ofLogin(e, true), cause.toString());
      SftpFailure f = SftpFailure.login(e, true);
      assertEquals(Kind.UNREACHABLE, f.kind());
      assertEquals(cause.getClass().getSimpleName(), f.causeName());
    }
    assertEquals("connection failed", SftpFailure.login(new JSchException("x"), false).causeName());
  }

  @Test
  void theServerEndingTheSession_isARefusalOnlyWhenItHasNoMoreAuthMethods() throws Exception {
    assertEquals(Kind.LOGIN_REFUSED, SftpFailure.ofLogin(disconnect(14), true));
    assertEquals(Kind.UNREACHABLE, SftpFailure.ofLogin(disconnect(11), true));
  }

  @Test
  void noAlgorithmInCommon_isItsOwnKind() throws Exception {
    Constructor<?> c =
        Class.forName("com.jcraft.jsch.JSchAlgoNegoFailException")
            .getDeclaredConstructor(int.class, String.class, String.class);
    c.setAccessible(true);
    JSchException e = (JSchException) c.newInstance(0, "curve25519-sha256", "diffie-hellman");
    assertEquals(Kind.ALGORITHMS, SftpFailure.ofLogin(e, false));
  }

  @Test
  void sftpStatuses_areToldByTheirCodes() {
    assertTrue(SftpFailure.isMissing(new SftpException(ChannelSftp.SSH_FX_NO_SUCH_FILE, "x")));
    assertFalse(
        SftpFailure.isMissing(new SftpException(ChannelSftp.SSH_FX_PERMISSION_DENIED, "no such")));
    assertEquals("permission denied", SftpFailure.status(ChannelSftp.SSH_FX_PERMISSION_DENIED));
    assertEquals("failed", SftpFailure.status(99));
  }

  private static JSchException jsch(String type, String message) throws Exception {
    Constructor<?> c =
        Class.forName("com.jcraft.jsch." + type).getDeclaredConstructor(String.class);
    c.setAccessible(true);
    return (JSchException) c.newInstance(message);
  }

  private static JSchException disconnect(int reason) throws Exception {
    Constructor<?> c =
        Class.forName("com.jcraft.jsch.JSchSessionDisconnectException")
            .getDeclaredConstructor(String.class, int.class, String.class, String.class);
    c.setAccessible(true);
    return (JSchException) c.newInstance("Auth fail", reason, "auth", "");
  }
}
