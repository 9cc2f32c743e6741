package org.prex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Where serve's settings come from: the command line, then PREX_ environment variables, then the
 * --config file, then the built-in defaults (docs/deployment.md, "Configuration").
 */
class ServeDefaultsTest {
  @TempDir Path dir;

  private ServeCommand parse(Map<String, String> env, String... args) {
    CommandLine cli =
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    ServeDefaults.install(cli, args, env);
    cli.parseArgs(args);
    return cli.getSubcommands().get("serve").getCommand();
  }

  private Path config(String text) throws Exception {
    Path f = dir.resolve("prex.properties");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void theCommandLine_beatsTheEnvironment_whichBeatsTheFile_whichBeatsTheDefault()
      throws Exception {
    Path file = config("sftp-port=2300\nsftp-host=0.0.0.0\ndata=/srv/prex/data\nhttp=9876\n");
    String c = file.toString();
    Map<String, String> env = Map.of("PREX_SFTP_PORT", "2400", "PREX_DATA", "/env/data");

    ServeCommand defaults = parse(Map.of(), "serve");
    assertEquals(2222, defaults.sftpPort);
    assertEquals("127.0.0.1", defaults.sftpHost);
    assertEquals(Path.of("data"), defaults.data.path);
    assertNull(defaults.http);

    ServeCommand fromFile = parse(Map.of(), "serve", "--config", c);
    assertEquals(2300, fromFile.sftpPort);
    assertEquals("0.0.0.0", fromFile.sftpHost);
    assertEquals(Path.of("/srv/prex/data"), fromFile.data.path);
    assertEquals("9876", fromFile.http);

    ServeCommand fromEnv = parse(env, "serve", "--config=" + c);
    assertEquals(2400, fromEnv.sftpPort, "the environment before the file");
    assertEquals(Path.of("/env/data"), fromEnv.data.path);
    assertEquals("0.0.0.0", fromEnv.sftpHost, "the file where the environment says nothing");

    ServeCommand fromLine = parse(env, "serve", "--config", c, "--sftp-port", "2500");
    assertEquals(2500, fromLine.sftpPort, "the command line before both");
    assertEquals(Path.of("/env/data"), fromLine.data.path);
  }

  @Test
  void aPairsNodeName_comesFromTheEnvironmentOrTheFile_andABadOneIsRefusedAtStart()
      throws Exception {
    assertEquals("b", parse(Map.of("PREX_PAIR", "b"), "serve").pair);
    assertEquals("a", parse(Map.of(), "serve", "--config", config("pair=a\n").toString()).pair);
    assertNull(parse(Map.of(), "serve").pair, "alone unless told");

    org.prex.testing.Cli.Run bad =
        org.prex.testing.Cli.prex("serve", "--pair", "Node/A", "--data", dir.toString());
    assertEquals(2, bad.code(), bad.out() + bad.err());
    assertTrue(bad.err().contains("--pair 'Node/A'"), bad.err());
    org.prex.testing.Cli.Run external =
        org.prex.testing.Cli.prex(
            "serve", "--pair", "a", "--ingest", "sftp://x@127.0.0.1:22/", "--data", dir.toString());
    assertEquals(2, external.code(), external.out() + external.err());
    assertTrue(external.err().contains("--pair needs the embedded drop box"), external.err());
  }

  @Test
  void aSettingServeDoesNotHave_isRefused_namingIt() throws Exception {
    Path file = config("sftp_port=2300\n");
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"serve", "--config", file.toString()},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true),
            Map.of());
    assertEquals(2, code);
    assertTrue(err.toString().contains("'sftp_port' is not a setting of serve"), err.toString());
    assertTrue(err.toString().contains("sftp-port"), "the settings are listed: " + err);
  }

  @Test
  void aMissingConfigFile_isNamed() {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"serve", "--config", dir.resolve("nope.properties").toString()},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true),
            Map.of());
    assertEquals(2, code);
    assertTrue(err.toString().contains("nope.properties: cannot be read"), err.toString());
  }

  @Test
  void environmentNames() {
    assertEquals("PREX_SFTP_PORT", ServeDefaults.envName("sftp-port"));
    assertEquals("PREX_HTTP", ServeDefaults.envName("http"));
  }
}
