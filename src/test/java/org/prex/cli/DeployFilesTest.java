package org.prex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The systemd unit and settings file in deploy/ stay valid for the serve they start. */
class DeployFilesTest {
  private static final Path DEPLOY = Path.of("deploy");

  @Test
  void theUnitStartsServe_withItsSettingsFile_andOptionsServeHas() throws Exception {
    List<String> lines = Files.readAllLines(DEPLOY.resolve("prex.service"));
    String exec = lines.stream().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
    List<String> words = Arrays.asList(exec.substring("ExecStart=".length()).split(" +"));
    List<String> args = words.subList(words.indexOf("serve"), words.size());
    assertEquals(List.of("serve", "--config", "/etc/prex/prex.properties"), args);
    assertTrue(lines.contains("User=prex"), "not as root");
    assertTrue(lines.contains("UMask=0077"));
    assertTrue(lines.contains("ReadWritePaths=/var/lib/prex"));
    assertTrue(lines.contains("ExecReload=/bin/kill -HUP $MAINPID"));
  }

  @Test
  void theSettingsFile_holdsOnlySettingsOfServe_andLoopbackHealth() throws Exception {
    Path file = DEPLOY.resolve("prex.properties");
    CommandLine cli =
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    String[] args = {"serve", "--config", file.toString()};
    ServeDefaults.install(cli, args, Map.of());
    cli.parseArgs(args);
    ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
    assertEquals(Path.of("/var/lib/prex"), serve.data.path);
    assertEquals(Path.of("/etc/prex/keys"), serve.keys.path);
    assertEquals("127.0.0.1:9876", serve.http);
  }
}
