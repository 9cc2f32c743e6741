import java.nio.file.*;
import java.security.*;
import java.util.*;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.common.util.security.SecurityUtils;

/** A throwaway agency SFTP server: java Agency PORT ROOT MODE HOSTKEYOUT */
public class Agency {
  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]); Path root = Path.of(a[1]); String mode = a[2];
    SshServer s = SshServer.setUpDefaultServer();
    s.setHost("127.0.0.1"); s.setPort(port);
    KeyPair hk;
    switch (mode) {
      case "modern" -> {
        hk = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        s.setKeyExchangeFactories(NamedFactory.setUpTransformedFactories(true, List.of(BuiltinDHFactories.curve25519), ServerBuilder.DH2KEX));
        s.setCipherFactories(new ArrayList<>(List.of(BuiltinCiphers.cc20p1305_openssh)));
        s.setSignatureFactories(new ArrayList<>(List.of(BuiltinSignatures.ed25519)));
      }
      case "ed25519host" -> { // NIST kex, ed25519 host key only
        hk = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        s.setSignatureFactories(new ArrayList<>(List.of(BuiltinSignatures.ed25519)));
      }
      case "sha1" -> {
        hk = KeyUtils.generateKeyPair(KeyPairProvider.SSH_RSA, 3072);
        s.setKeyExchangeFactories(NamedFactory.setUpTransformedFactories(true, List.of(BuiltinDHFactories.dhg14), ServerBuilder.DH2KEX));
        s.setCipherFactories(new ArrayList<>(List.of(BuiltinCiphers.aes128cbc)));
        s.setMacFactories(new ArrayList<>(List.of(BuiltinMacs.hmacsha1)));
        s.setSignatureFactories(new ArrayList<>(List.of(BuiltinSignatures.rsa)));
      }
      case "dh16" -> {
        hk = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        s.setKeyExchangeFactories(NamedFactory.setUpTransformedFactories(true, List.of(BuiltinDHFactories.dhg16_512, BuiltinDHFactories.dhg14_256), ServerBuilder.DH2KEX));
        s.setSignatureFactories(new ArrayList<>(List.of(BuiltinSignatures.nistp256)));
      }
      case "cbc" -> { // ecdh nist, ecdsa, but only aes-cbc and hmac-sha2
        hk = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        s.setCipherFactories(new ArrayList<>(List.of(BuiltinCiphers.aes256cbc)));
        s.setSignatureFactories(new ArrayList<>(List.of(BuiltinSignatures.nistp256)));
      }
      case "hmacsha1" -> { // ecdh nist, ecdsa, ctr, but hmac-sha1 only
        hk = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        s.setCipherFactories(new ArrayList<>(List.of(BuiltinCiphers.aes128ctr)));
        s.setMacFactories(new ArrayList<>(List.of(BuiltinMacs.hmacsha1)));
        s.setSignatureFactories(new ArrayList<>(List.of(BuiltinSignatures.nistp256)));
      }
      case "both" -> { // an OpenSSH-like server with ECDSA and Ed25519 host keys; known_hosts gets the Ed25519 one
        KeyPair ec = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        KeyPair ed = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        s.setKeyPairProvider(KeyPairProvider.wrap(ec, ed));
        s.setPublickeyAuthenticator((u, k, sess) -> true);
        s.setFileSystemFactory(new VirtualFileSystemFactory(root));
        s.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        s.start();
        Files.writeString(Path.of(a[3]), "[127.0.0.1]:" + port + " " + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(ed.getPublic()) + "\n");
        System.out.println("agency server up both");
        Thread.sleep(Long.MAX_VALUE);
        return;
      }
      default -> { // "nist": a good server
        hk = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
      }
    }
    final KeyPair hostKey = hk;
    s.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    s.setPublickeyAuthenticator((u, k, sess) -> true);
    s.setFileSystemFactory(new VirtualFileSystemFactory(root));
    s.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
    s.start();
    org.apache.sshd.common.config.keys.PublicKeyEntry.appendPublicKeyEntry(new StringBuilder(), hostKey.getPublic());
    String line = "[127.0.0.1]:" + port + " " + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(hostKey.getPublic());
    Files.writeString(Path.of(a[3]), line + "\n");
    System.out.println("agency server up " + mode + " " + line);
    Thread.sleep(Long.MAX_VALUE);
  }
}
