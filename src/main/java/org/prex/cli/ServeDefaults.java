package org.prex.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where {@code prex serve}'s options come from when the command line does not give them
 * (docs/deployment.md, "Configuration"): first the environment, {@code PREX_} and the option's name
 * in capitals with {@code _} for {@code -} ({@code --sftp-port}: {@code PREX_SFTP_PORT}); then the
 * properties file {@code --config FILE} names, the option's name without its dashes as the key
 * ({@code sftp-port=2222}); then prex's built-in default. A key the file does not know as an option
 * of serve is refused, naming it: a misspelt setting is not silently ignored.
 */
final class ServeDefaults implements CommandLine.IDefaultValueProvider {
  static final String CONFIG = "--config";

  /** Options that take no setting from the environment or the file. */
  private static final Set<String> NOT_SETTINGS = Set.of("config", "help", "version");

  private final Map<String, String> env;
  private final Properties file;

  private ServeDefaults(Map<String, String> env, Properties file) {
    this.env = env;
    this.file = file;
  }

  /**
   * Gives the {@code serve} subcommand of {@code cli} its defaults from {@code env} and the {@code
   * --config} file found in {@code args}, if any.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  static void install(CommandLine cli, String[] args, Map<String, String> env) {
    CommandLine serve = cli.getSubcommands().get("serve");
    Properties file = new Properties();
    Path config = configFile(args);
    if (config != null) {
      file = read(config);
      Set<String> known = new TreeSet<>();
      for (OptionSpec o : serve.getCommandSpec().options()) {
        known.add(o.longestName().replaceFirst("^-+", ""));
      }
      known.removeAll(NOT_SETTINGS);
      for (String key : file.stringPropertyNames()) {
        if (!known.contains(key)) {
          throw new IllegalArgumentException(
              CONFIG
                  + " "
                  + config
                  + ": '"
                  + key
                  + "' is not a setting of serve; the settings are "
                  + String.join(", ", known));
        }
      }
    }
    serve.setDefaultValueProvider(new ServeDefaults(Map.copyOf(env), file));
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    String key = option.longestName().replaceFirst("^-+", "");
    if (NOT_SETTINGS.contains(key)) {
      return null;
    }
    String fromEnv = env.get(envName(key));
    return fromEnv != null ? fromEnv : file.getProperty(key);
  }

  /** {@code sftp-port}: {@code PREX_SFTP_PORT}. */
  static String envName(String key) {
    return "PREX_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** The file after {@code serve}'s {@code --config}, or null. */
  private static Path configFile(String[] args) {
    boolean inServe = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!inServe) {
        inServe = "serve".equals(a);
        continue;
      }
      if (a.equals(CONFIG)) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(CONFIG + " needs a FILE");
        }
        return Path.of(args[i + 1]);
      }
      if (a.startsWith(CONFIG + "=")) {
        return Path.of(a.substring(CONFIG.length() + 1));
      }
    }
    return null;
  }

  private static Properties read(Path config) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          CONFIG + " " + config + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    return p;
  }
}
