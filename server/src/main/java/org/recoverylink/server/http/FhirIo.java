package org.recoverylink.server.http;

import ca.uhn.fhir.context.FhirContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.io.JsonEncoder;
import org.recoverylink.fhir.io.ResourceParser;
import org.recoverylink.server.conformance.InputProfiles;

/**
 * FHIR on the wire (docs/http-api.md "General rules"): JSON by default, XML on request
 * ({@code Accept} or {@code _format}); bodies in {@code application/fhir+json},
 * {@code application/json} or {@code application/fhir+xml}, in UTF-8, anything else 415. One parser
 * per call, one context shared.
 */
public final class FhirIo {

  /**
   * The FHIR API's path under the server root. In every {@code @Path}: Jersey's Jetty 12
   * container serves from the root and does not honour a Jetty context path.
   */
  public static final String BASE = "fhir/";
  public static final String FHIR_JSON = "application/fhir+json";
  static final String FHIR_XML = "application/fhir+xml";
  /** Made once: Jersey parses a type given as text again for every answer. */
  private static final MediaType JSON_UTF8 = MediaType.valueOf(FHIR_JSON).withCharset("UTF-8");
  private static final MediaType XML_UTF8 = MediaType.valueOf(FHIR_XML).withCharset("UTF-8");

  private final FhirContext context;
  private final ResourceParser parser;
  private final InputProfiles profiles;

  public FhirIo(FhirContext context, InputProfiles profiles) {
    this.context = context;
    this.parser = new ResourceParser(context);
    this.profiles = profiles;
  }

  /**
   * Parses a request body as {@link #parse(byte[], HttpHeaders, Class)} does, then reads it
   * against the profile our package gives such inputs: everything the profile refuses is a
   * 422 listing every problem at once.
   */
  <T extends Resource> T parse(byte[] body, HttpHeaders headers, Class<T> type,
      String profile) {
    T input = parse(body, headers, type);
    profiles.check(input, profile);
    return input;
  }

  /**
   * Parses a request body of the expected type: strictly, as UTF-8 (see {@link
   * org.recoverylink.fhir.io.StrictBody}); a problem with it is a 400, or 415.
   */
  <T extends IBaseResource> T parse(byte[] body, HttpHeaders headers, Class<T> type) {
    MediaType contentType = headers.getMediaType();
    if (contentType != null && !isJson(contentType) && !isXml(contentType)) {
      throw new FhirProblem(415, IssueType.NOTSUPPORTED, "content type "
          + Quote.of(contentType.getType() + "/" + contentType.getSubtype())
          + " is not supported; send " + FHIR_JSON + ", application/json or " + FHIR_XML);
    }
    String charset = contentType == null ? null
        : contentType.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (charset != null && !isUtf8(charset)) {
      throw new FhirProblem(415, IssueType.NOTSUPPORTED, "charset " + Quote.of(charset)
          + " is not supported; FHIR bodies are UTF-8");
    }
    if (contentType != null && !isEmpty(body)
        && isXml(contentType) != ResourceParser.isXml(body)) {
      throw new FhirProblem(400, IssueType.STRUCTURE, "the body is not "
          + (isXml(contentType) ? "XML" : "JSON") + ", as its content type "
          + Quote.of(contentType.getType() + "/" + contentType.getSubtype()) + " says");
    }
    try {
      return parser.parse(body, type);
    } catch (InvalidFhirInputException e) {
      throw new FhirProblem(400, e.issues());
    }
  }

  /** Whether a charset parameter names UTF-8 (or one of its aliases, e.g. utf8). */
  private static boolean isUtf8(String charset) {
    try {
      return Charset.forName(charset).equals(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) { // not a charset name, or not one this JVM knows
      return false;
    }
  }

  /** Whether a request brought no body, or only white space. */
  static boolean isEmpty(byte[] body) {
    if (body != null) {
      for (byte b : body) {
        if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
          return false;
        }
      }
    }
    return true;
  }

  /** A response carrying a resource, in the format the caller asked for. */
  Response respond(int status, Resource resource, HttpHeaders headers, UriInfo uri) {
    // Encoded in memory and written in one go, with its length.
    boolean xml = wantsXml(headers, uri);
    // A problem is told plainly: the very _summary or _elements it may be about is not applied.
    Rendering rendering = resource instanceof OperationOutcome ? Rendering.PLAIN
        : Rendering.of(uri);
    if (!rendering.plain()) {
      return answer(status, xml, rendering.applyTo(xml ? context.newXmlParser()
          : context.newJsonParser(), resource).encodeResourceToString(resource)
          .getBytes(StandardCharsets.UTF_8));
    }
    return xml ? answer(status, true, encodeXml(resource))
        : answer(status, false, JsonEncoder.encode(resource));
  }

  /**
   * A response carrying a resource this server stored as JSON: sent as stored when JSON is
   * asked for, parsed and encoded only when XML is.
   */
  Response respondStored(int status, String json, Class<? extends IBaseResource> type,
      HttpHeaders headers, UriInfo uri) {
    return wantsXml(headers, uri) || !Rendering.of(uri).plain()
        ? respond(status, (Resource) parseStored(json, type), headers, uri)
        : answer(status, false, json.getBytes(StandardCharsets.UTF_8));
  }

  /** A resource this server stored as JSON, read back. */
  <T extends IBaseResource> T parseStored(String json, Class<T> type) {
    return context.newJsonParser().parseResource(type, json);
  }

  private byte[] encodeXml(IBaseResource resource) {
    return context.newXmlParser().encodeResourceToString(resource)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Response answer(int status, boolean xml, byte[] body) {
    // The length said, so the answer goes out whole rather than chunked: Jersey commits a
    // longer body than its 8 KiB buffer without one, and the result Bundle is longer.
    return Response.status(status).type(xml ? XML_UTF8 : JSON_UTF8)
        .header(HttpHeaders.CONTENT_LENGTH, body.length).entity(body).build();
  }

  /** A searchset Bundle of every resource given, each a match with its full URL. */
  static Bundle searchset(UriInfo uri, List<? extends Resource> matches) {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
    for (Resource match : matches) {
      bundle.addEntry().setFullUrl(uri.getBaseUri() + BASE + match.fhirType() + "/"
          + match.getIdElement().getIdPart()).setResource(match)
          .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
    }
    return bundle.setTotal(matches.size());
  }

  /** The resource as it is sent and stored: compact JSON. */
  public static String json(Resource resource) {
    return new String(JsonEncoder.encode(resource), StandardCharsets.UTF_8);
  }

  /** XML when {@code _format} says so, or when the Accept header prefers it to JSON. */
  static boolean wantsXml(HttpHeaders headers, UriInfo uri) {
    String format = uri == null ? null : uri.getQueryParameters().getFirst("_format");
    if (format != null) {
      return format.equals("xml") || format.contains("xml");
    }
    List<MediaType> accepted;
    try {
      accepted = headers == null ? List.of() : headers.getAcceptableMediaTypes();
    } catch (RuntimeException e) { // an Accept header that is not one: answered in JSON
      return false;
    }
    for (MediaType type : accepted) { // in order of preference
      if (isJson(type)) {
        return false;
      }
      if (isXml(type)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isJson(MediaType type) {
    return type.getSubtype().equals("fhir+json") || type.getSubtype().equals("json");
  }

  private static boolean isXml(MediaType type) {
    return type.getSubtype().equals("fhir+xml") || type.getSubtype().equals("xml");
  }
}
