package org.recoverylink.server.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.StructureDefinition;

/** {@code GET metadata}: the CapabilityStatement, built from the resources really registered. */
@Path(FhirIo.BASE + "metadata")
public final class MetadataResource {

  private final FhirIo io;
  private final CapabilityStatement statement;
  private final Supplier<String> base;

  /**
   * @param profiles the profiles answers declare, each listed under its resource type
   * @param base     the FHIR base URL, known once the connector is bound
   */
  public MetadataResource(FhirIo io, List<Served> served, List<StructureDefinition> profiles,
      String version, Supplier<String> base) {
    this.io = io;
    CapabilityStatement capability = new CapabilityStatement();
    capability.setStatus(Enumerations.PublicationStatus.ACTIVE);
    capability.setDate(new Date());
    capability.setPublisher("RecoveryLink");
    capability.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
    capability.getSoftware().setName("RecoveryLink FHIR endpoint").setVersion(version);
    capability.getImplementation().setDescription("RecoveryLink");
    this.base = base;
    capability.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
    capability.addFormat("application/fhir+json").addFormat("application/fhir+xml");
    CapabilityStatement.CapabilityStatementRestComponent rest = capability.addRest()
        .setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
    rest.getSecurity().setDescription("Authorization: Bearer JWT (RS256, RS384, ES256, ES384)"
        + " with claims iss, sub, iat, exp, role (gp, pharmacy, provider, commissioner) and org;"
        + " every request but GET metadata.");
    served.forEach(s -> s.describe(rest));
    for (StructureDefinition profile : profiles) {
      CapabilityStatement.CapabilityStatementRestResourceComponent resource =
          resource(rest, profile.getType()).addSupportedProfile(profile.getUrl());
      if (!resource.hasInteraction() && !resource.hasDocumentation()) {
        resource.setDocumentation("Written inside other answers (a Bundle or Parameters);"
            + " not read or searched on its own.");
      }
    }
    this.statement = capability;
  }

  /** The statement's entry for a resource type, added once however many resources serve it. */
  static CapabilityStatement.CapabilityStatementRestResourceComponent resource(
      CapabilityStatement.CapabilityStatementRestComponent rest, String type) {
    return rest.getResource().stream().filter(r -> type.equals(r.getType())).findFirst()
        .orElseGet(() -> rest.addResource().setType(type));
  }

  @GET
  public Response read(@Context HttpHeaders headers, @Context UriInfo uri) {
    CapabilityStatement served = statement.copy();
    served.getImplementation().setUrl(base.get());
    return io.respond(200, served, headers, uri);
  }
}
