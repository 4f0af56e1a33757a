package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the browser tests check on every page: axe-core (from the npm registry) finds no WCAG 2.2
 * A or AA violation, the page does not scroll sideways, at the width walked and at 320 px; a
 * screenshot of each is kept. Scripts are on only while axe runs: the pages work without them.
 */
final class PageChecks {

  /** The axe-core release the accessibility check runs, from the npm registry. */
  private static final String AXE = "axe-core@4.14.1";
  private static final List<String> WCAG = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
      "wcag22aa");

  private final Cdp browser;
  private final Path artefacts;
  private final String axe;
  private final List<String> violations = new ArrayList<>();
  /** The width pages are walked at; every page is checked at 320 px as well. */
  private int width = 1280;

  /**
   * @param target the build's target folder, where axe-core is fetched once
   */
  PageChecks(Cdp browser, Path target, Path artefacts) throws Exception {
    this.browser = browser;
    this.artefacts = Files.createDirectories(artefacts);
    this.axe = axeSource(target);
  }

  /** The check can fail: a page with an unlabelled field and no language is caught. */
  void control() throws Exception {
    browser.open("data:text/html,<title>x</title><input type=text>");
    browser.send("Emulation.setScriptExecutionDisabled", Map.of("value", false));
    List<String> control = axe();
    browser.send("Emulation.setScriptExecutionDisabled", Map.of("value", true));
    assertTrue(control.stream().anyMatch(v -> v.startsWith("label "))
        && control.stream().anyMatch(v -> v.startsWith("html-has-lang ")), control.toString());
  }

  void width(int pixels) throws Exception {
    width = pixels;
    browser.width(pixels);
  }

  int width() {
    return width;
  }

  /** Every violation found so far, each as the page, the rule and where. */
  List<String> violations() {
    return List.copyOf(violations);
  }

  /** The page as it is now, at the width walked and, if that is wider, at 320 px too. */
  void check(String name) throws Exception {
    checkAt(name);
    if (width != 320) {
      browser.width(320);
      try {
        checkAt(name + "-320");
      } finally {
        browser.width(width);
      }
    }
  }

  private void checkAt(String name) throws Exception {
    Files.write(artefacts.resolve(name + ".png"), browser.screenshot());
    browser.send("Emulation.setScriptExecutionDisabled", Map.of("value", false));
    try {
      for (String violation : axe()) {
        violations.add(name + ": " + violation);
      }
      JsonNode fits = browser.evaluate("document.documentElement.scrollWidth <="
          + " window.innerWidth");
      if (!fits.asBoolean()) {
        violations.add(name + ": the page scrolls sideways");
      }
    } finally {
      browser.send("Emulation.setScriptExecutionDisabled", Map.of("value", true));
    }
  }

  /** What axe-core finds on the page, each as its rule and where; it must have checked. */
  private List<String> axe() throws Exception {
    browser.evaluate(axe + ";true");
    JsonNode result = browser.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
        + WCAG.stream().map(t -> "'" + t + "'").toList() + "}}).then(r => ({passes:"
        + " r.passes.length, violations: r.violations.map(v => v.id + ' ' + v.nodes.map(n =>"
        + " n.target.join(' ')).join(', '))}))");
    assertTrue(result.path("violations").isArray() && result.path("passes").asInt() > 0,
        "axe-core did not run: " + result);
    List<String> found = new ArrayList<>();
    result.path("violations").forEach(v -> found.add(v.asText()));
    return found;
  }

  /** axe.min.js of {@link #AXE}, fetched once with npm into target/axe-core. */
  private static String axeSource(Path target) throws Exception {
    Path folder = Files.createDirectories(target.resolve("axe-core"));
    Path script = folder.resolve("package").resolve("axe.min.js");
    synchronized (PageChecks.class) {
      if (!Files.exists(script)) {
        run(folder, "npm", "pack", AXE, "--pack-destination", folder.toString());
        Path tarball;
        try (var files = Files.list(folder)) {
          tarball = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
              .orElseThrow(() -> new AssertionError("npm pack " + AXE + " left no tarball"));
        }
        run(folder, "tar", "-xzf", tarball.toString(), "package/axe.min.js");
      }
    }
    return Files.readString(script, StandardCharsets.UTF_8);
  }

  private static void run(Path where, String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(where.toFile())
        .redirectErrorStream(true).redirectOutput(where.resolve("fetch.log").toFile()).start();
    assertTrue(process.waitFor(300, TimeUnit.SECONDS), String.join(" ", command)
        + " did not finish");
    assertEquals(0, process.exitValue(), String.join(" ", command) + " failed (npm is needed"
        + " for axe-core: bin/test installs it); see " + where.resolve("fetch.log"));
  }
}
