package org.recoverylink.server.inbox;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the inbox signs staff in: the deployment's OpenID Connect provider (NHS CIS2 in
 * production, any standard provider elsewhere) and which claims say who a member of staff works
 * for and whether they may use the inbox.
 *
 * @param issuer            the provider's issuer URL; its discovery document is read from it
 * @param clientId          our client id at the provider
 * @param clientSecret      our client secret (from the environment, never the file)
 * @param organisationClaim the claim naming the organisation (ODS code) or the directory
 *                          service the member of staff works for; a dotted path walks into
 *                          objects and lists, e.g. {@code nhsid_nrbac_roles.org_code}
 * @param roleClaim         the claim holding their roles, a path as above
 * @param staffRoles        the role values that may use the inbox; one is needed
 * @param nameClaim         the claim holding their name, shown on the pages
 * @param scopes            the scopes asked for: {@code openid} and any the provider needs to
 *                          release the claims above
 * @param userInfo          whether the claims are read from the provider's UserInfo endpoint
 *                          too (a provider that releases roles only there)
 * @param idle              a session unused this long ends
 * @param absolute          a session ends this long after sign-in, used or not
 */
public record SignInSettings(URI issuer, String clientId, String clientSecret,
    String organisationClaim, String roleClaim, Set<String> staffRoles, String nameClaim,
    List<String> scopes, boolean userInfo, Duration idle, Duration absolute) {

  /** The environment variable holding the client secret. */
  public static final String SECRET = "RECOVERYLINK_STAFF_CLIENT_SECRET";

  public SignInSettings {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(organisationClaim, "organisationClaim");
    Objects.requireNonNull(roleClaim, "roleClaim");
    staffRoles = Set.copyOf(staffRoles);
    Objects.requireNonNull(nameClaim, "nameClaim");
    scopes = List.copyOf(scopes);
    Objects.requireNonNull(idle, "idle");
    Objects.requireNonNull(absolute, "absolute");
  }

  /**
   * Reads the settings file ({@code key = value} lines); the secret comes from the
   * environment ({@value #SECRET}).
   *
   * @throws IllegalArgumentException listing every problem
   */
  public static SignInSettings read(Path file, Optional<String> clientSecret) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("--staff-sign-in " + file + ": cannot be read ("
          + e.getClass().getSimpleName() + ")");
    }
    List<String> problems = new ArrayList<>();
    Set<String> known = Set.of("issuer", "client-id", "organisation-claim", "role-claim",
        "staff-roles", "name-claim", "scopes", "userinfo", "idle-minutes", "session-hours");
    p.stringPropertyNames().stream().filter(k -> !known.contains(k)).sorted().forEach(k ->
        problems.add("unknown setting " + k + " (known: " + known.stream().sorted().toList()
            + ")"));
    URI issuer = null;
    String issuerText = p.getProperty("issuer", "").strip();
    if (issuerText.isEmpty()) {
      problems.add("issuer is required: the identity provider's issuer URL");
    } else {
      try {
        issuer = URI.create(issuerText);
        boolean local = "http".equals(issuer.getScheme()) && issuer.getHost() != null
            && (issuer.getHost().equals("localhost") || issuer.getHost().equals("127.0.0.1"));
        if (!"https".equals(issuer.getScheme()) && !local) {
          problems.add("issuer must be https (http only on localhost): " + issuerText);
        }
      } catch (IllegalArgumentException e) {
        problems.add("issuer is not a URL: " + issuerText);
      }
    }
    String clientId = p.getProperty("client-id", "").strip();
    if (clientId.isEmpty()) {
      problems.add("client-id is required");
    }
    String secret = clientSecret.orElse("");
    if (secret.isBlank()) {
      problems.add(SECRET + " must be set in the environment: the client secret");
    }
    Set<String> roles = Arrays.stream(p.getProperty("staff-roles", "").split(","))
        .map(String::strip).filter(r -> !r.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
    if (roles.isEmpty()) {
      problems.add("staff-roles is required: the role values that may use the inbox,"
          + " comma-separated");
    }
    List<String> scopes = Arrays.stream(p.getProperty("scopes", "openid profile").strip()
        .split("[\\s,]+")).filter(x -> !x.isEmpty()).distinct().toList();
    if (!scopes.contains("openid")) {
      problems.add("scopes must include openid");
    }
    String userInfo = p.getProperty("userinfo", "off").strip();
    if (!userInfo.equals("on") && !userInfo.equals("off")) {
      problems.add("userinfo must be on or off");
    }
    int idle = number(p, "idle-minutes", 15, 1, 120, problems);
    int hours = number(p, "session-hours", 8, 1, 24, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("--staff-sign-in " + file + ": "
          + String.join("; ", problems));
    }
    return new SignInSettings(issuer, clientId, secret,
        p.getProperty("organisation-claim", "organisation").strip(),
        p.getProperty("role-claim", "roles").strip(), roles,
        p.getProperty("name-claim", "name").strip(), scopes, userInfo.equals("on"),
        Duration.ofMinutes(idle),
        Duration.ofHours(hours));
  }

  private static int number(Properties p, String key, int otherwise, int min, int max,
      List<String> problems) {
    String value = p.getProperty(key);
    if (value == null) {
      return otherwise;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    problems.add(key + " must be a whole number from " + min + " to " + max);
    return otherwise;
  }

  /** Never the secret. */
  @Override
  public String toString() {
    return "SignInSettings[issuer=" + issuer + ", clientId=" + clientId
        + ", clientSecret=(set), organisationClaim=" + organisationClaim + ", roleClaim="
        + roleClaim + ", staffRoles=" + staffRoles + ", scopes=" + scopes + ", userInfo="
        + userInfo + ", idle=" + idle + ", absolute="
        + absolute + "]";
  }
}
