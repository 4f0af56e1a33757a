package org.recoverylink.server.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.core.directory.Capacity;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.directory.ServiceCapacity;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.http.Authentication;
import org.recoverylink.server.hub.CapacityService;
import org.recoverylink.server.store.CapacityStore;

/**
 * The service directory: {@code GET HealthcareService} and {@code GET HealthcareService/{id}},
 * each with its capacity now ({@link ServiceCapacity}: {@code availabilityExceptions}, and
 * {@code notAvailable} while paused).
 */
@Path(FhirIo.BASE + "HealthcareService")
public final class HealthcareServiceResource {

  /** What {@code GET HealthcareService?} takes besides what every search does. */
  private static final Set<String> PARAMETERS = parameters();


  private final FhirIo io;
  private final CapacityService capacities;
  private final Map<String, HealthcareService> services = new LinkedHashMap<>();

  /**
   * @param directory  the directory as the FHIR Bundle {@code DirectoryBundle} writes
   * @param capacities the services' capacities
   */
  public HealthcareServiceResource(FhirIo io, Bundle directory, CapacityService capacities) {
    this.io = io;
    this.capacities = capacities;
    for (Bundle.BundleEntryComponent entry : directory.getEntry()) {
      if (entry.getResource() instanceof HealthcareService service) {
        services.put(service.getIdElement().getIdPart(), service);
      }
    }
  }

  @GET
  public Response search(@Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Authentication.require(request, Role.values());
    Search search = Search.read(uri, headers, PARAMETERS);
    Map<String, CapacityStore.Setting> set = capacities.settings();
    return io.respond(200, search.page(uri, "HealthcareService", services.values().stream()
        .filter(service -> search.id(service) && search.string("name", service.getName()))
        .map(service -> withCapacity(service, Optional.ofNullable(
            set.get(service.getIdElement().getIdPart())))).toList()), headers, uri);
  }

  @GET
  @Path("{id}")
  public Response read(@PathParam("id") String id, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Authentication.require(request, Role.values());
    HealthcareService service = services.get(id);
    if (service == null) {
      throw new FhirProblem(404, IssueType.NOTFOUND, "no HealthcareService " + Quote.of(id));
    }
    return io.respond(200, withCapacity(service, capacities.setting(id)), headers, uri);
  }

  private static HealthcareService withCapacity(HealthcareService service,
      Optional<CapacityStore.Setting> set) {
    return ServiceCapacity.write(service.copy(), set.map(CapacityStore.Setting::capacity)
        .orElse(Capacity.accepting()), set.map(CapacityStore.Setting::setAt));
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    CapabilityStatement.CapabilityStatementRestResourceComponent resource = rest.addResource()
        .setType("HealthcareService");
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
    resource.addSearchParam().setName("_id").setType(SearchParamType.TOKEN);
    resource.addSearchParam().setName("name").setType(SearchParamType.STRING)
        .setDocumentation("starts with, ignoring case and accents; name:exact, name:contains");
  }

  private static Set<String> parameters() {
    Set<String> parameters = new HashSet<>(Set.of("_id", Search.OFFSET));
    parameters.addAll(Search.stringParameter("name"));
    return Set.copyOf(parameters);
  }
}
