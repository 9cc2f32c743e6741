package org.prex.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders the console's pages: JTE templates in src/main/jte, compiled into classes at build time,
 * every value HTML-escaped for where it stands.
 */
final class Pages {
  private final TemplateEngine engine =
      TemplateEngine.createPrecompiled(null, ContentType.Html, null, "org.prex.console.pages");

  /** Renders {@code template} with parameters given as name, value, name, value… */
  String render(String template, Object... params) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      p.put((String) params[i], params[i + 1]);
    }
    StringOutput out = new StringOutput();
    engine.render(template, p, out);
    return out.toString();
  }
}
