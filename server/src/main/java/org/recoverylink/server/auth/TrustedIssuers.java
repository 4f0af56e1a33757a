package org.recoverylink.server.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.JWTClaimsSetAwareJWSKeySelector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The issuers whose tokens this server takes, each with its keys: a JWK set file read once at
 * start, or a JWK set URL (an issuer's {@code jwks_uri}) fetched when first needed and then
 * kept. A URL's keys are cached for five minutes and refreshed ahead of that in the background;
 * a token signed with a key id the cache does not know makes the set be fetched again at once,
 * so an issuer's new key is taken as soon as it is published and a removed one is refused from
 * the next fetch on. Refetches are rate-limited ({@link #REFETCH_INTERVAL}), so tokens with
 * made-up key ids cannot make this server hammer the issuer; while the URL cannot be reached,
 * the last keys fetched are used for up to a day. Key URLs must be https, except on loopback.
 *
 * <p>The building blocks are nimbus-jose-jwt's JWKSourceBuilder: its cache, refresh-ahead,
 * retry, rate limit and outage tolerance are tested far beyond what a hand-written fetcher
 * here would be.
 */
public final class TrustedIssuers {

  /** The shortest time between two refetches of one issuer's keys for unknown key ids. */
  public static final Duration REFETCH_INTERVAL = Duration.ofSeconds(5);
  /** How long a URL's keys are used without a fetch. */
  static final Duration CACHE = Duration.ofMinutes(5);
  /** How long connecting to a key set URL, and then reading it, may each take. */
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(2);
  /** A key set is a few kilobytes; more is no key set. */
  static final int MAX_SET_BYTES = 256 * 1024;
  /** How long the last keys fetched stay in use while the URL cannot be reached. */
  static final Duration OUTAGE = Duration.ofHours(24);

  private final Map<String, JWKSource<SecurityContext>> sources;
  private final Map<String, String> described;

  private TrustedIssuers(Map<String, JWKSource<SecurityContext>> sources,
      Map<String, String> described) {
    this.sources = Collections.unmodifiableMap(sources);
    this.described = Collections.unmodifiableMap(described);
  }

  /** One issuer whose keys are these. */
  public static TrustedIssuers of(String issuer, JWKSet keys) {
    return builder().keys(issuer, keys).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Each issuer and where its keys come from (a file or URL), for the log. */
  public String describe() {
    List<String> each = new ArrayList<>();
    described.forEach((issuer, keys) -> each.add(issuer + " (keys " + keys + ")"));
    return String.join(", ", each);
  }

  /** Picks the keys of the token's own issuer; none for an issuer not trusted. */
  JWTClaimsSetAwareJWSKeySelector<SecurityContext> keySelector() {
    return (header, claims, context) -> {
      JWKSource<SecurityContext> source = sources.get(claims.getIssuer());
      if (source == null) {
        return List.of();
      }
      return new JWSVerificationKeySelector<>(TokenVerifier.ALGORITHMS, source)
          .selectJWSKeys(header, context);
    };
  }

  /** Whether tokens of this issuer are taken. */
  boolean trusts(String issuer) {
    return issuer != null && sources.containsKey(issuer);
  }

  /**
   * Where a {@code --trust} value's keys are: a URL (http or https) or else a file.
   *
   * @return a problem with it, or null when there is none
   */
  public static String problem(String keys) {
    if (!isUrl(keys)) {
      return null;
    }
    try {
      URI uri = new URI(keys);
      if (uri.getHost() == null) {
        return "key set URL " + keys + " has no host";
      }
      if (uri.getScheme().equalsIgnoreCase("http") && !loopback(uri.getHost())) {
        return "key set URL " + keys + " must be https (plain http only on loopback)";
      }
      uri.toURL();
      return null;
    } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
      return "key set URL " + keys + " is not a URL";
    }
  }

  private static boolean isUrl(String keys) {
    String lower = keys.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  private static boolean loopback(String host) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    // Only literal addresses: a name is not looked up here, so DNS cannot make it loopback.
    if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Issuers one at a time; {@link #build} when all are added. */
  public static final class Builder {

    private final Map<String, JWKSource<SecurityContext>> sources = new LinkedHashMap<>();
    private final Map<String, String> described = new LinkedHashMap<>();

    private Builder() {
    }

    /** An issuer with keys known now. */
    public Builder keys(String issuer, JWKSet keys) {
      return keys(issuer, keys, "given");
    }

    /** An issuer with keys known now, read from {@code from} (for the log). */
    public Builder keys(String issuer, JWKSet keys, String from) {
      return add(issuer, new ImmutableJWKSet<>(keys.toPublicJWKSet()), from);
    }

    /**
     * An issuer whose keys are at {@code keys}: a JWK set URL, or a JWK set file.
     *
     * @throws IllegalArgumentException when the URL is not allowed or the file is no key set
     * @throws IOException when the file cannot be read
     */
    public Builder trust(String issuer, String keys) throws IOException {
      String problem = problem(keys);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      if (!isUrl(keys)) {
        JWKSet set;
        try {
          set = JWKSet.parse(Files.readString(Path.of(keys), StandardCharsets.UTF_8));
        } catch (ParseException e) {
          throw new IllegalArgumentException("the keys of issuer " + issuer + " in " + keys
              + " are not a JWK set");
        }
        return keys(issuer, set, keys);
      }
      // Seconds, not nimbus's default half second: an issuer across the country may be slow.
      JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(
              URI.create(keys).toURL(), new DefaultResourceRetriever(
                  (int) FETCH_TIMEOUT.toMillis(), (int) FETCH_TIMEOUT.toMillis(), MAX_SET_BYTES))
          .cache(CACHE.toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
          .refreshAheadCache(true)
          .retrying(true)
          .rateLimited(REFETCH_INTERVAL.toMillis())
          .outageTolerant(OUTAGE.toMillis())
          .build();
      return add(issuer, source, keys);
    }

    private Builder add(String issuer, JWKSource<SecurityContext> source, String from) {
      if (issuer == null || issuer.isBlank()) {
        throw new IllegalArgumentException("an issuer must be named");
      }
      if (sources.putIfAbsent(issuer, source) != null) {
        throw new IllegalArgumentException("issuer " + issuer + " is trusted twice");
      }
      described.put(issuer, from);
      return this;
    }

    public TrustedIssuers build() {
      if (sources.isEmpty()) {
        throw new IllegalArgumentException("no trusted issuer");
      }
      return new TrustedIssuers(new LinkedHashMap<>(sources), new LinkedHashMap<>(described));
    }
  }
}
