package org.recoverylink.server.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * Renders the view models through the templates compiled at build time (src/main/jte, package
 * {@code web.template}). Every value is HTML-escaped by the templates unless a template says
 * otherwise (none does). Thread-safe.
 */
public final class Pages {

  private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
      Pages.class.getClassLoader(), "org.recoverylink.server.web.template");

  public String message(View.Message message) {
    return render("message.jte", "message", message);
  }

  public String form(View.Form form) {
    return render("form.jte", "form", form);
  }

  public String check(View.Check check) {
    return render("check.jte", "check", check);
  }

  private String render(String template, String name, Object model) {
    StringOutput output = new StringOutput(8192);
    engine.render(template, Map.of(name, model), output);
    return output.toString();
  }
}
