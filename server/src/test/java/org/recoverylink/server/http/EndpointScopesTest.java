package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.recoverylink.server.auth.Scopes;

/**
 * Every endpoint that needs a token has the scope that allows it, and docs/http-api.md
 * "Scopes" says the same as the code: an endpoint added without one would be allowed by no
 * scope, and a table that drifted would mislead every client.
 */
class EndpointScopesTest {

  /** Resource methods of the http package's own classes, by the key the table uses. */
  private static Map<String, Method> endpoints() throws IOException, ClassNotFoundException {
    Map<String, Method> endpoints = new HashMap<>();
    java.nio.file.Path classes = java.nio.file.Path.of("target", "classes", "org",
        "recoverylink", "server", "http");
    try (Stream<java.nio.file.Path> files = Files.list(classes)) {
      for (java.nio.file.Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".class") || name.contains("$")) {
          continue;
        }
        Class<?> type = Class.forName("org.recoverylink.server.http."
            + name.substring(0, name.length() - ".class".length()));
        if (type.getAnnotation(Path.class) == null) {
          continue;
        }
        for (Method method : type.getDeclaredMethods()) {
          EndpointScopes.key(method).ifPresent(key -> endpoints.put(key, method));
        }
      }
    }
    return endpoints;
  }

  @Test
  void everyEndpointThatNeedsATokenHasAScopeAndNoScopeNamesAnEndpointThatIsNot()
      throws Exception {
    Map<String, Method> endpoints = endpoints();
    // Public, without a token (docs/http-api.md "Authentication and roles"), and the health
    // probes and metrics, which no user's token opens (the scraper has a token of its own).
    endpoints.keySet().removeIf(key -> key.equals("GET metadata") || key.startsWith("GET map")
        || key.startsWith("GET health/") || key.equals("GET metrics")
        || key.startsWith("GET {type: " + ConformanceResource.TYPES + "}"));
    // The public pages: for anyone, never a token (docs/front-door.md).
    endpoints.values().removeIf(method -> method.getDeclaringClass() == PublicPages.class);
    // The provider inbox: staff in a browser session from their sign-in, never a token
    // (docs/inbox.md).
    endpoints.values().removeIf(method -> method.getDeclaringClass() == InboxPages.class);

    assertEquals(new TreeSet<>(endpoints.keySet()),
        new TreeSet<>(EndpointScopes.TABLE.keySet()));
  }

  @Test
  void theDocumentedTableIsTheCodesTable() throws IOException {
    String docs = Files.readString(java.nio.file.Path.of("..", "docs", "http-api.md"),
        StandardCharsets.UTF_8);
    String section = docs.substring(docs.indexOf("### Scopes"),
        docs.indexOf("## Capability"));
    Matcher row = Pattern.compile("\\| `([A-Z]+ [^`]+)` \\| `system/(\\w+)\\.(read|write)`"
        + " \\(`([cruds])`\\) \\|").matcher(section);
    Map<String, EndpointScopes.Need> documented = new HashMap<>();
    while (row.find()) {
      Scopes.Interaction interaction = Stream.of(Scopes.Interaction.values())
          .filter(i -> i.letter() == row.group(4).charAt(0)).findFirst().orElseThrow();
      assertEquals(interaction.v1(), row.group(3), row.group());
      documented.put(row.group(1), new EndpointScopes.Need(row.group(2), interaction));
    }

    assertTrue(documented.size() > 20, "the table was read: " + documented.size() + " rows");
    assertEquals(EndpointScopes.TABLE, documented);
  }
}
