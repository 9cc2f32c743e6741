package org.prex.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.LoggerFactory;

/**
 * {@code serve --log-format}: {@code text} (lines for people, the default) or {@code json} (one
 * JSON object per line for a SIEM, with every transfer-log event as a line of its own;
 * docs/operations.md, "Logs").
 */
final class LogFormat {
  static final String TEXT = "text";
  static final String JSON = "json";

  private LogFormat() {}

  /**
   * Switches the application log to {@code format}.
   *
   * @throws IllegalArgumentException naming an unknown format
   */
  static void apply(String format) {
    if (TEXT.equals(format)) {
      return;
    }
    if (!JSON.equals(format)) {
      throw new IllegalArgumentException(
          "--log-format '" + format + "': the formats are " + TEXT + " and " + JSON);
    }
    URL config = LogFormat.class.getResource("/prex-log-json.xml");
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    context.reset();
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("the JSON log configuration is broken", e);
    }
  }
}
