package org.recoverylink.pharmacy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;

/**
 * A FHIR server of the kind a pharmacy's events may be synced to: HAPI's plain
 * {@link RestfulServer} in Jetty on loopback, keeping what it is sent in memory. Creates must be
 * conditional on an identifier ({@code If-None-Exist: identifier=system|value}); one whose
 * identifier it has is answered 200 with the kept resource and not kept again, as a FHIR server
 * implementing conditional create does. It can stop and start again on the same address.
 */
final class ReceivingServer implements AutoCloseable {

  /** A resource as it was kept, in arrival order. */
  record Kept(String type, String identifier, Resource resource) {
  }

  private final FhirContext fhir = FhirContext.forR4Cached();
  private final List<Kept> kept = new ArrayList<>();
  private final Map<String, Kept> byIdentifier = new HashMap<>();
  private int creates;
  private Server jetty;
  private int port;

  synchronized ReceivingServer start() throws Exception {
    if (jetty != null) {
      return this;
    }
    RestfulServer servlet = new RestfulServer(fhir);
    servlet.setResourceProviders(new Requests(), new Dispenses(), new Communications(),
        new Flags(), new Bundles());
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(servlet), "/fhir/*");
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
    jetty = server;
    return this;
  }

  synchronized void stop() throws Exception {
    if (jetty != null) {
      jetty.stop();
      jetty = null;
    }
  }

  /** The base URL; the port is chosen at the first start and kept. */
  synchronized URI base() {
    return URI.create("http://127.0.0.1:" + port + "/fhir");
  }

  /** Everything kept, in the order it arrived. */
  synchronized List<Kept> kept() {
    return List.copyOf(kept);
  }

  /** Create requests received, repeats included. */
  synchronized int creates() {
    return creates;
  }

  private synchronized MethodOutcome keep(Resource resource, String conditional) {
    creates++;
    if (conditional == null || !conditional.contains("identifier=")) {
      throw new InvalidRequestException("this server takes conditional creates only");
    }
    String identifier = conditional.substring(conditional.indexOf("identifier=") + 11);
    Kept before = byIdentifier.get(identifier);
    if (before != null) {
      return new MethodOutcome(before.resource().getIdElement(), false)
          .setResource(before.resource());
    }
    resource.setId(new IdType(resource.fhirType(), Integer.toString(kept.size() + 1)));
    Kept now = new Kept(resource.fhirType(), identifier, resource);
    kept.add(now);
    byIdentifier.put(identifier, now);
    return new MethodOutcome(resource.getIdElement(), true).setResource(resource);
  }

  @Override
  public void close() throws Exception {
    stop();
  }

  final class Requests implements IResourceProvider {
    @Override
    public Class<? extends IBaseResource> getResourceType() {
      return MedicationRequest.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam MedicationRequest resource,
        @ConditionalUrlParam String conditional) {
      return keep(resource, conditional);
    }
  }

  final class Dispenses implements IResourceProvider {
    @Override
    public Class<? extends IBaseResource> getResourceType() {
      return MedicationDispense.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam MedicationDispense resource,
        @ConditionalUrlParam String conditional) {
      return keep(resource, conditional);
    }
  }

  final class Communications implements IResourceProvider {
    @Override
    public Class<? extends IBaseResource> getResourceType() {
      return Communication.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam Communication resource,
        @ConditionalUrlParam String conditional) {
      return keep(resource, conditional);
    }
  }

  final class Bundles implements IResourceProvider {
    @Override
    public Class<? extends IBaseResource> getResourceType() {
      return Bundle.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam Bundle resource,
        @ConditionalUrlParam String conditional) {
      return keep(resource, conditional);
    }
  }

  final class Flags implements IResourceProvider {
    @Override
    public Class<? extends IBaseResource> getResourceType() {
      return Flag.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam Flag resource,
        @ConditionalUrlParam String conditional) {
      return keep(resource, conditional);
    }
  }
}
