package org.recoverylink.server.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.recoverylink.core.directory.Capacities;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.server.http.Authentication;
import org.recoverylink.server.map.TreatmentMap;
import org.recoverylink.server.store.StoreException;

/**
 * The treatment system map, public (no token): {@code GET map}, the page, and
 * {@code GET map/pathways.svg}, its picture alone. Both are rendered from the directory the
 * server routes with, and revalidated by ETag; the page shows each service's capacity, so it is
 * rendered again whenever a capacity has changed since (the picture does not show them).
 */
@Path("map")
public final class MapResource {

  /** The paths {@link Authentication} lets through without a token, for GET and HEAD. */
  public static final Set<String> PUBLIC = Set.of("map", "map/pathways.svg");

  private final Directory directory;
  private final Supplier<Capacities> capacities;
  private final Rendered picture;
  /** The page as last rendered, with the capacities it shows. */
  private volatile Shown shown;

  private record Shown(Capacities capacities, Rendered page) {
  }

  /** The map with every service accepting. */
  public MapResource(Directory directory) {
    this(directory, Capacities::allAccepting);
  }

  /** @param capacities the services' capacities now, read at each request for the page */
  public MapResource(Directory directory, Supplier<Capacities> capacities) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.capacities = Objects.requireNonNull(capacities, "capacities");
    TreatmentMap map = TreatmentMap.of(directory);
    picture = new Rendered(map.svg(), "image/svg+xml; charset=utf-8",
        "default-src 'none'; frame-ancestors 'self'");
  }

  @GET
  public Response page(@Context Request request) {
    Shown last = shown;
    Capacities now;
    try {
      now = capacities.get();
    } catch (StoreException e) {
      if (last == null) {
        throw e; // answered 503 (Errors): no page was rendered yet to fall back on
      }
      // The database is away: the page as last rendered, with the capacities then, rather
      // than none; routing itself reads the capacities of the moment, or does not route.
      return last.page().answer(request);
    }
    if (last == null || !last.capacities().equals(now)) {
      // Two requests may both render a change: the same page, and the last one kept.
      TreatmentMap map = TreatmentMap.of(directory, now);
      last = new Shown(now, new Rendered(map.html(), "text/html; charset=utf-8",
          map.contentSecurityPolicy()));
      shown = last;
    }
    return last.page().answer(request);
  }

  @GET
  @Path("pathways.svg")
  public Response picture(@Context Request request) {
    return picture.answer(request);
  }

  /** One rendered document with its headers. */
  private static final class Rendered {

    private static final CacheControl CACHE = CacheControl.valueOf("public, max-age=300");

    private final byte[] body;
    private final String type;
    private final String policy;
    private final EntityTag tag;

    Rendered(String text, String type, String policy) {
      this.body = text.getBytes(StandardCharsets.UTF_8);
      this.type = type;
      this.policy = policy;
      this.tag = new EntityTag(sha256(body));
    }

    Response answer(Request request) {
      Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
      Response.ResponseBuilder response = notModified != null ? notModified
          : Response.ok(body, type);
      return response.tag(tag).cacheControl(CACHE)
          .header("Content-Security-Policy", policy)
          .header("X-Content-Type-Options", "nosniff")
          .header("Referrer-Policy", "no-referrer")
          .build();
    }

    private static String sha256(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0,
            16);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java has SHA-256", e);
      }
    }
  }
}
