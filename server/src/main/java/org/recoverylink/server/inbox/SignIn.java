package org.recoverylink.server.inbox;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.server.hub.Tasks;

/**
 * Signs staff in with the OpenID Connect authorization code flow (PKCE, state and nonce) at the
 * deployment's identity provider, whose endpoints and keys come from its discovery document,
 * read on first use (a provider away at start-up does not stop the server). The ID token is
 * checked (signature, issuer, audience, expiry, nonce) by Nimbus's validator; its claims then say
 * which organisation or service the member of staff works for and whether a role of theirs may
 * use the inbox. Thread-safe.
 */
public final class SignIn {

  private static final int CONNECT_MILLIS = 5_000;
  private static final int READ_MILLIS = 10_000;

  private final SignInSettings settings;
  private final Directory directory;
  private volatile Provider provider;

  private record Provider(OIDCProviderMetadata metadata, IDTokenValidator validator) {
  }

  public SignIn(SignInSettings settings, Directory directory) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /**
   * A sign-in under way: what the answer from the identity provider is checked against. Kept by
   * the server, bound to the browser that began it by a cookie.
   */
  public record Pending(String state, String nonce, String verifier, Instant begun) {
  }

  /** Where to send the browser, and what to keep until it comes back. */
  public record Begun(URI authorize, Pending pending) {
  }

  /** A sign-in that cannot go on, with what to tell the member of staff. */
  public static final class Refused extends Exception {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Begins a sign-in that comes back to {@code callback}.
   *
   * @throws Refused when the identity provider cannot be reached
   */
  public Begun begin(URI callback, Instant now) throws Refused {
    Provider p = provider();
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    URI authorize = new AuthenticationRequest.Builder(ResponseType.CODE,
        new Scope(settings.scopes().toArray(String[]::new)),
        new ClientID(settings.clientId()), callback)
        .endpointURI(p.metadata().getAuthorizationEndpointURI())
        .state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256)
        .build().toURI();
    return new Begun(authorize, new Pending(state.getValue(), nonce.getValue(),
        verifier.getValue(), now));
  }

  /**
   * Finishes a sign-in: swaps the code for tokens, checks the ID token and reads who it names.
   *
   * @throws Refused when the provider refuses, the token does not hold, or its claims do not
   *     name a service in the directory and a role that may use the inbox
   */
  public Staff finish(Pending pending, String code, URI callback) throws Refused {
    Provider p = provider();
    TokenRequest request = new TokenRequest(p.metadata().getTokenEndpointURI(),
        new ClientSecretBasic(new ClientID(settings.clientId()),
            new Secret(settings.clientSecret())),
        new AuthorizationCodeGrant(new AuthorizationCode(code), callback,
            new CodeVerifier(pending.verifier())));
    Map<String, Object> claims;
    try {
      HTTPRequest http = request.toHTTPRequest();
      http.setConnectTimeout(CONNECT_MILLIS);
      http.setReadTimeout(READ_MILLIS);
      TokenResponse response = OIDCTokenResponseParser.parse(http.send());
      if (!response.indicatesSuccess()) {
        throw new Refused("The sign-in service did not accept the sign-in ("
            + response.toErrorResponse().getErrorObject().getCode() + ").");
      }
      JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens()
          .getIDToken();
      claims = p.validator().validate(idToken, new Nonce(pending.nonce()))
          .toJSONObject();
      if (settings.userInfo() && p.metadata().getUserInfoEndpointURI() != null) {
        claims = withUserInfo(p, claims, ((OIDCTokenResponse) response.toSuccessResponse())
            .getOIDCTokens().getAccessToken());
      }
    } catch (IOException e) {
      throw new Refused("The sign-in service could not be reached.");
    } catch (ParseException | com.nimbusds.jose.JOSEException
        | com.nimbusds.jose.proc.BadJOSEException | ClassCastException e) {
      throw new Refused("The sign-in service's answer could not be trusted.");
    }
    return staff(claims);
  }

  /**
   * The ID token's claims with the UserInfo endpoint's beside them; the token's win, and the
   * answer must be about the same subject (OpenID Connect Core 5.3.2).
   */
  private static Map<String, Object> withUserInfo(Provider p, Map<String, Object> claims,
      AccessToken token) throws IOException, ParseException, Refused {
    HTTPRequest http = new UserInfoRequest(p.metadata().getUserInfoEndpointURI(),
        (BearerAccessToken) token).toHTTPRequest();
    http.setConnectTimeout(CONNECT_MILLIS);
    http.setReadTimeout(READ_MILLIS);
    UserInfoResponse answer = UserInfoResponse.parse(http.send());
    if (!answer.indicatesSuccess()) {
      throw new Refused("The sign-in service did not say who you are.");
    }
    Map<String, Object> info = answer.toSuccessResponse().getUserInfo().toJSONObject();
    if (!String.valueOf(info.get("sub")).equals(String.valueOf(claims.get("sub")))) {
      throw new Refused("The sign-in service's answer could not be trusted.");
    }
    Map<String, Object> merged = new HashMap<>(info);
    merged.putAll(claims);
    return merged;
  }

  /** Who the claims name, if they may use the inbox. */
  Staff staff(Map<String, Object> claims) throws Refused {
    Set<String> organisations = staffOrganisations(claims);
    List<Service> services = new ArrayList<>();
    Set<String> owners = new LinkedHashSet<>();
    for (String value : organisations) {
      directory.service(value).ifPresentOrElse(service -> {
        services.add(service);
        owners.add(Tasks.owner(service));
      }, () -> directory.services().stream().filter(s -> Tasks.owner(s).equals(value))
          .forEach(service -> {
            services.add(service);
            owners.add(value);
          }));
    }
    if (services.isEmpty()) {
      throw new Refused("Your account is not linked to a service in this directory.");
    }
    if (owners.size() > 1) { // which organisation's referrals to act for would be a guess
      throw new Refused("Your account is linked to more than one organisation. Ask your"
          + " administrator to link it to one.");
    }
    String subject = String.valueOf(claims.get("sub"));
    String name = values(claims, settings.nameClaim()).stream().findFirst().orElse(subject);
    return new Staff(subject, name, owners.iterator().next(),
        services.stream().distinct().toList());
  }

  /**
   * The organisations the member of staff holds an inbox role at. Where both claims are paths
   * into the same list of objects (CIS2's list of roles, each naming its organisation), a role
   * counts only for the organisation of its own entry: a role at one organisation never opens
   * another's referrals. Otherwise the claims are read apart.
   */
  private Set<String> staffOrganisations(Map<String, Object> claims) throws Refused {
    String organisation = settings.organisationClaim();
    String role = settings.roleClaim();
    int o = organisation.lastIndexOf('.');
    int r = role.lastIndexOf('.');
    Set<String> found = new LinkedHashSet<>();
    if (o > 0 && r > 0 && organisation.substring(0, o).equals(role.substring(0, r))) {
      List<Object> entries = new ArrayList<>();
      collect(claims, List.of(organisation.substring(0, o).split("\\.")), entries);
      for (Object entry : entries) {
        if (entry instanceof Map<?, ?> && values(entry, role.substring(r + 1)).stream()
            .anyMatch(settings.staffRoles()::contains)) {
          found.addAll(values(entry, organisation.substring(o + 1)));
        }
      }
    } else if (values(claims, role).stream().anyMatch(settings.staffRoles()::contains)) {
      found.addAll(values(claims, organisation));
    }
    if (found.isEmpty()) {
      throw new Refused("Your account does not have a role that may use the inbox.");
    }
    return found;
  }

  /** The text values at a dotted path, walking into objects and lists. */
  static Set<String> values(Object claims, String path) {
    List<Object> found = new ArrayList<>();
    collect(claims, List.of(path.split("\\.")), found);
    Set<String> texts = new LinkedHashSet<>();
    found.stream().filter(String.class::isInstance).map(v -> ((String) v).strip())
        .filter(v -> !v.isEmpty()).forEach(texts::add);
    return texts;
  }

  /** What lies at the path, lists walked into (a list at the end gives its items). */
  private static void collect(Object at, List<String> path, List<Object> found) {
    if (at instanceof List<?> list) {
      list.forEach(item -> collect(item, path, found));
    } else if (path.isEmpty()) {
      if (at != null) {
        found.add(at);
      }
    } else if (at instanceof Map<?, ?> map) {
      collect(map.get(path.get(0)), path.subList(1, path.size()), found);
    }
  }

  private Provider provider() throws Refused {
    Provider p = provider;
    if (p == null) {
      try {
        OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(
            new Issuer(settings.issuer()), CONNECT_MILLIS, READ_MILLIS);
        p = new Provider(metadata, new IDTokenValidator(metadata.getIssuer(),
            new ClientID(settings.clientId()), JWSAlgorithm.RS256,
            metadata.getJWKSetURI().toURL()));
        provider = p;
      } catch (IOException | com.nimbusds.oauth2.sdk.GeneralException e) {
        throw new Refused("The sign-in service cannot be reached just now. Try again in a few"
            + " minutes.");
      }
    }
    return p;
  }
}
