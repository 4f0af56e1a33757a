package org.recoverylink.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over the Chrome DevTools Protocol (a WebSocket, JSON messages), with
 * the page's JavaScript off: fields are filled and forms sent with the keyboard (focus, type,
 * Space, Enter) as a person without a mouse would, so what works here works without scripts.
 * Only {@link #evaluate} runs script (axe-core), from the DevTools side, which a page's
 * Content-Security-Policy does not govern.
 */
final class Cdp implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process chromium;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger loads = new AtomicInteger();

  private Cdp(Process chromium, WebSocket.Builder builder, URI page) {
    this.chromium = chromium;
    this.socket = builder.buildAsync(page, new Listener()).join();
  }

  /** Starts Chromium with a fresh profile in {@code profile}, its log to {@code log}. */
  static Cdp launch(Path executable, Path profile, Path log) throws Exception {
    Files.createDirectories(profile);
    Process process = new ProcessBuilder(List.of(executable.toString(), "--headless",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", "--force-device-scale-factor=1", "--remote-debugging-port=0",
        "--user-data-dir=" + profile, "about:blank"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Path active = profile.resolve("DevToolsActivePort");
    Instant end = Instant.now().plus(WAIT);
    while (!Files.exists(active) || Files.readAllLines(active).isEmpty()) {
      if (Instant.now().isAfter(end) || !process.isAlive()) {
        process.destroyForcibly();
        throw new AssertionError("Chromium did not open its DevTools port; its log: " + log);
      }
      Thread.sleep(50);
    }
    int port = Integer.parseInt(Files.readAllLines(active).get(0).strip());
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + port + "/json/list")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    for (JsonNode target : targets) {
      if (target.path("type").asText().equals("page")) {
        Cdp cdp = new Cdp(process, http.newWebSocketBuilder(),
            URI.create(target.path("webSocketDebuggerUrl").asText()));
        cdp.send("Page.enable", Map.of());
        cdp.send("DOM.enable", Map.of());
        cdp.send("Emulation.setScriptExecutionDisabled", Map.of("value", true));
        return cdp;
      }
    }
    process.destroyForcibly();
    throw new AssertionError("Chromium has no page to drive: " + targets);
  }

  /** One command; its result. */
  JsonNode send(String method, Map<String, ?> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    socket.sendText(JSON.writeValueAsString(message), true).join();
    JsonNode reply = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new AssertionError(method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  /** Loads {@code url} and waits for the page's load event. */
  void open(String url) throws Exception {
    int before = loads.get();
    send("Page.navigate", Map.of("url", url));
    awaitLoad(before);
  }

  /** Forgets every cookie, as another person's browser would have none. */
  void clearCookies() throws Exception {
    send("Network.clearBrowserCookies", Map.of());
  }

  /** The page width in CSS pixels (a phone's 320, or a desktop's). */
  void width(int width) throws Exception {
    send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 900,
        "deviceScaleFactor", 1, "mobile", width < 600));
  }

  private void awaitLoad(int before) throws InterruptedException {
    Instant end = Instant.now().plus(WAIT);
    synchronized (loads) {
      while (loads.get() <= before) {
        if (Instant.now().isAfter(end)) {
          throw new AssertionError("the page did not load within " + WAIT);
        }
        loads.wait(100);
      }
    }
  }

  private int node(String selector) throws Exception {
    int root = send("DOM.getDocument", Map.of("depth", 0)).path("root").path("nodeId").asInt();
    int node = send("DOM.querySelector", Map.of("nodeId", root, "selector", selector))
        .path("nodeId").asInt();
    if (node == 0) {
      throw new AssertionError("no " + selector + " on " + url());
    }
    return node;
  }

  /** Whether the page has an element matching {@code selector}. */
  boolean has(String selector) throws Exception {
    int root = send("DOM.getDocument", Map.of("depth", 0)).path("root").path("nodeId").asInt();
    return send("DOM.querySelector", Map.of("nodeId", root, "selector", selector))
        .path("nodeId").asInt() != 0;
  }

  /** Focuses the field and types {@code text} into it. */
  void type(String selector, String text) throws Exception {
    send("DOM.focus", Map.of("nodeId", node(selector)));
    if (!text.isEmpty()) {
      send("Input.insertText", Map.of("text", text));
    }
  }

  /** Focuses a radio or checkbox and presses Space: chooses it (or unticks a ticked box). */
  void choose(String selector) throws Exception {
    send("DOM.focus", Map.of("nodeId", node(selector)));
    key(" ", "Space", 32, " ");
  }

  /** Focuses the form's button and presses Enter; waits for the next page. */
  void submit(String selector) throws Exception {
    int before = loads.get();
    send("DOM.focus", Map.of("nodeId", node(selector)));
    key("Enter", "Enter", 13, "\r");
    awaitLoad(before);
  }

  /** Follows a link by the keyboard: focus, Enter; waits for the next page. */
  void follow(String selector) throws Exception {
    submit(selector);
  }

  private void key(String key, String code, int keyCode, String text) throws Exception {
    send("Input.dispatchKeyEvent", Map.of("type", "keyDown", "key", key, "code", code,
        "windowsVirtualKeyCode", keyCode, "text", text));
    send("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", key, "code", code,
        "windowsVirtualKeyCode", keyCode));
  }

  /** The page as the browser holds it now. */
  String html() throws Exception {
    int root = send("DOM.getDocument", Map.of("depth", 0)).path("root").path("nodeId").asInt();
    return send("DOM.getOuterHTML", Map.of("nodeId", root)).path("outerHTML").asText();
  }

  /** Where the page is. */
  String url() throws Exception {
    JsonNode history = send("Page.getNavigationHistory", Map.of());
    return history.path("entries").get(history.path("currentIndex").asInt()).path("url")
        .asText();
  }

  /** A PNG of the whole page. */
  byte[] screenshot() throws Exception {
    return Base64.getDecoder().decode(send("Page.captureScreenshot", Map.of("format", "png",
        "captureBeyondViewport", true)).path("data").asText());
  }

  /** Runs {@code expression} (awaiting a promise), its value as JSON; scripts stay off. */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode result = send("Runtime.evaluate", Map.of("expression", expression,
        "awaitPromise", true, "returnByValue", true));
    if (result.has("exceptionDetails")) {
      throw new AssertionError("script failed: " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  @Override
  public void close() throws Exception {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing anyway
    }
    chromium.descendants().forEach(ProcessHandle::destroyForcibly);
    chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** Reads whole messages: answers to their command, load events counted. */
  private final class Listener implements WebSocket.Listener {

    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(text.toString());
          if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
            if (answer != null) {
              answer.complete(message);
            }
          } else if (message.path("method").asText().equals("Page.loadEventFired")) {
            synchronized (loads) {
              loads.incrementAndGet();
              loads.notifyAll();
            }
          }
        } catch (IOException e) {
          pending.values().forEach(p -> p.completeExceptionally(e));
        }
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
