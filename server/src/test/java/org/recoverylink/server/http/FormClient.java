package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person at the public pages without a browser: keeps the journey cookie, reads each page's
 * form token and sends forms as a browser does (application/x-www-form-urlencoded), redirects
 * not followed so that each answer can be checked.
 */
final class FormClient {

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");

  /** One answer. */
  record Page(int status, String body, String location, HttpResponse<String> response) {
  }

  private final HttpClient http = HttpClient.newBuilder()
      .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final URI root;
  private String csrf = "";

  FormClient(URI root) {
    this.root = root;
  }

  /** The server root of a hub whose FHIR base is {@code base}. */
  static URI root(URI base) {
    return base.resolve("/");
  }

  String csrf() {
    return csrf;
  }

  Page get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(root.resolve(path))
        .build(), HttpResponse.BodyHandlers.ofString());
    Matcher token = CSRF.matcher(response.body());
    if (token.find()) {
      csrf = token.group(1);
    }
    return new Page(response.statusCode(), response.body(),
        response.headers().firstValue("Location").orElse(""), response);
  }

  /** Sends a form with the last page's token, as {@code name=value} pairs. */
  Page post(String path, String... pairs) throws IOException, InterruptedException {
    List<String> fields = new ArrayList<>(List.of("csrf", csrf));
    fields.addAll(List.of(pairs));
    return postRaw(path, fields);
  }

  Page postRaw(String path, List<String> pairs) throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < pairs.size(); i += 2) {
      body.append(body.length() == 0 ? "" : "&")
          .append(URLEncoder.encode(pairs.get(i), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(pairs.get(i + 1), StandardCharsets.UTF_8));
    }
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(root.resolve(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Page(response.statusCode(), response.body(),
        response.headers().firstValue("Location").orElse(""), response);
  }

  /** Sends a form that must be accepted (303), then follows to the next page. */
  Page next(String path, String... pairs) throws IOException, InterruptedException {
    Page sent = post(path, pairs);
    assertEquals(303, sent.status(), path + " refused: " + text(sent.body()));
    return get(URI.create(sent.location()).getPath());
  }

  /** The text of a page's main content, tags removed: for messages. */
  static String text(String html) {
    int main = html.indexOf("<main");
    String inner = main < 0 ? html : html.substring(main, html.indexOf("</main>", main));
    return inner.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
  }

  /** {@code name=value} pairs of a map of repeated fields. */
  static String[] pairs(Map<String, List<String>> fields) {
    return fields.entrySet().stream().flatMap(e -> e.getValue().stream()
        .flatMap(v -> java.util.stream.Stream.of(e.getKey(), v)))
        .collect(Collectors.toList()).toArray(String[]::new);
  }
}
