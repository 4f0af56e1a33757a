package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A member of staff's browser without scripts: cookies kept, redirects followed, forms sent
 * with the CSRF token and the Task version of the page they came from.
 */
final class StaffBrowser {

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"([^\"]+)\"");

  final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
      .followRedirects(HttpClient.Redirect.NORMAL).build();
  private final String root;
  /** The last page seen. */
  String page = "";

  StaffBrowser(String root) {
    this.root = root;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(path
        .startsWith("http") ? path : root + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    page = response.body();
    return response;
  }

  /** Signs in at the identity provider, as it answers next; lands on the inbox. */
  HttpResponse<String> signIn() throws IOException, InterruptedException {
    return get("/inbox/sign-in");
  }

  /** Sends a form from the last page, with its CSRF token and Task version. */
  HttpResponse<String> post(String path, Map<String, String> fields)
      throws IOException, InterruptedException {
    Map<String, String> form = new LinkedHashMap<>();
    first(CSRF).ifPresent(token -> form.put("csrf", token));
    first(VERSION).ifPresent(version -> form.put("version", version));
    form.putAll(fields);
    return send(path, form);
  }

  /** Sends exactly these fields. */
  HttpResponse<String> send(String path, Map<String, String> form)
      throws IOException, InterruptedException {
    String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(),
        StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(root + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    page = response.body();
    return response;
  }

  String csrf() {
    return first(CSRF).orElseThrow();
  }

  java.util.Optional<String> first(Pattern pattern) {
    Matcher m = pattern.matcher(page);
    return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
  }

  /** The session cookie's value, as a thief of it would hold it. */
  String session() {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals(InboxPages.SESSION)).map(HttpCookie::getValue)
        .findFirst().orElseThrow();
  }

  static void ok(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
  }
}
