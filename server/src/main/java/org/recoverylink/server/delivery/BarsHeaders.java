package org.recoverylink.server.delivery;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.recoverylink.fhir.io.JsonEncoder;
import org.recoverylink.fhir.terminology.Systems;

/**
 * The BaRS routing and audit headers of a delivery (docs/http-api.md "Delivery"), beside the
 * {@code X-Request-ID} and {@code X-Correlation-ID} the dispatcher sends:
 * <ul>
 *   <li>{@code NHSD-Target-Identifier}: whom the message is for, as BaRS routes by it: the
 *   base64 of the JSON {@code {"system":"urn:ietf:rfc:3986","value": ADDRESS}}, the Endpoint
 *   address that the message's {@code MessageHeader.destination.endpoint} names too;
 *   <li>{@code NHSD-End-User-Organisation-ODS}: the referring organisation's ODS code, and
 *   {@code NHSD-End-User-Organisation}: the base64 of that Organization as FHIR JSON (its ODS
 *   identifier and name), both from the referral's requester;
 *   <li>{@code NHSD-Requesting-Software}: the base64 of a FHIR Device naming RecoveryLink and
 *   its version.
 * </ul>
 * Base64 is the standard alphabet with padding, as BaRS examples decode it. None of these
 * carries anything about the person referred.
 */
public final class BarsHeaders {

  public static final String TARGET = "NHSD-Target-Identifier";
  public static final String ORGANISATION_ODS = "NHSD-End-User-Organisation-ODS";
  public static final String ORGANISATION = "NHSD-End-User-Organisation";
  public static final String SOFTWARE = "NHSD-Requesting-Software";

  private final String software;

  /** @param version this server's version, for {@code NHSD-Requesting-Software} */
  public BarsHeaders(String version) {
    Device device = new Device();
    device.addDeviceName().setName("RecoveryLink")
        .setType(Device.DeviceNameType.MANUFACTURERNAME);
    device.addVersion().setValue(Objects.requireNonNull(version, "version"));
    device.setManufacturer("RecoveryLink");
    this.software = base64(JsonEncoder.encode(device));
  }

  /** The headers for sending {@code referral} to the Endpoint at {@code address}. */
  public Map<String, String> of(ServiceRequest referral, String address) {
    Map<String, String> headers = new LinkedHashMap<>();
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("system", "urn:ietf:rfc:3986");
    target.put("value", address);
    headers.put(TARGET, base64(JSONObjectUtils.toJSONString(target)
        .getBytes(StandardCharsets.UTF_8)));
    referrer(referral).ifPresent(organisation -> {
      Systems.value(organisation.getIdentifier(), Systems.ODS)
          .filter(ods -> ods.matches("[A-Za-z0-9]{1,16}")) // a code, never free text
          .ifPresent(ods -> headers.put(ORGANISATION_ODS, ods));
      Organization named = new Organization();
      organisation.getIdentifier().stream().filter(i -> Systems.ODS.equals(i.getSystem()))
          .findFirst().ifPresent(i -> named.addIdentifier(new Identifier()
              .setSystem(i.getSystem()).setValue(i.getValue())));
      if (organisation.hasName()) {
        named.setName(organisation.getName());
      }
      if (named.hasIdentifier()) {
        headers.put(ORGANISATION, base64(JsonEncoder.encode(named)));
      }
    });
    headers.put(SOFTWARE, software);
    return headers;
  }

  /**
   * The referring Organization: the requester if it is one, or a PractitionerRole's
   * organisation (contained, or by ODS identifier alone).
   */
  private static Optional<Organization> referrer(ServiceRequest referral) {
    Optional<Resource> requester = contained(referral, referral.getRequester());
    if (requester.isPresent() && requester.get() instanceof Organization organisation) {
      return Optional.of(organisation);
    }
    if (requester.isPresent() && requester.get() instanceof PractitionerRole role) {
      Reference organisation = role.getOrganization();
      if (organisation.hasIdentifier()) {
        Organization known = new Organization();
        known.addIdentifier(organisation.getIdentifier());
        if (organisation.hasDisplay()) {
          known.setName(organisation.getDisplay());
        }
        return Optional.of(known);
      }
      return contained(referral, organisation).filter(Organization.class::isInstance)
          .map(Organization.class::cast);
    }
    return Optional.empty();
  }

  private static Optional<Resource> contained(ServiceRequest referral, Reference reference) {
    if (reference.getResource() instanceof Resource resolved) { // the parser's own link
      return Optional.of(resolved);
    }
    String ref = reference.getReference();
    if (ref == null || !ref.startsWith("#")) {
      return Optional.empty();
    }
    return referral.getContained().stream()
        .filter(r -> ref.substring(1).equals(r.getIdElement().getIdPart())
            || ref.equals(r.getId()))
        .findFirst();
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
