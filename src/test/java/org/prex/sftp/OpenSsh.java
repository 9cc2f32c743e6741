package org.prex.sftp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The system's OpenSSH sftp client in batch mode, as a lab would run it, with no config of ours.
 */
final class OpenSsh {
  private OpenSsh() {}

  /**
   * Runs {@code sftp -b batch} as user with one key, trusting only the host key in knownHosts
   * (whose line names the port), with these options first; returns its output, fails unless it
   * exits 0.
   */
  static String sftp(Path batch, Path knownHosts, String user, Path key, String... options)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/sftp", "-F", "/dev/null"));
    command.addAll(List.of(options));
    command.addAll(
        List.of(
            "-b",
            batch.toString(),
            "-P",
            Integer.toString(portOf(knownHosts)),
            "-i",
            key.toString(),
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "UserKnownHostsFile=" + knownHosts,
            "-o",
            "GlobalKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "IdentityAgent=none",
            user + "@127.0.0.1"));
    return TestKeys.run(batch.getParent(), command.toArray(String[]::new));
  }

  private static int portOf(Path knownHosts) throws Exception {
    String line = Files.readString(knownHosts);
    return Integer.parseInt(line.substring(line.indexOf("]:") + 2, line.indexOf(' ')));
  }
}
