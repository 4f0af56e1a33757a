package org.recoverylink.core.directory;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.recoverylink.core.rules.RuleSetVersion;

/**
 * A service directory: its geography and its services. Immutable; built and checked by
 * {@link #builder}, which refuses an inconsistent directory as a whole.
 */
public final class Directory {

  /** A telephone number as written: digits, spaces, -, brackets, a leading +. */
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9() -]{3,30}");
  /** One @ with a dotted domain; no spaces, quotes or angle brackets anywhere. */
  private static final Pattern EMAIL =
      Pattern.compile("[^\\s@<>\"]+@[^\\s@<>\".]+(\\.[^\\s@<>\".]+)+");

  private final RuleSetVersion version;
  private final Geography geography;
  private final List<Service> services;
  private final Map<String, Service> byId;
  private final Map<ServiceKind, List<Service>> byKind = new EnumMap<>(ServiceKind.class);
  private final Service singlePointOfContact;

  private Directory(RuleSetVersion version, Geography geography, List<Service> services,
      Map<String, Service> byId, Service singlePointOfContact) {
    this.version = version;
    this.geography = geography;
    this.services = List.copyOf(services);
    this.byId = Map.copyOf(byId);
    for (ServiceKind kind : ServiceKind.values()) {
      byKind.put(kind, this.services.stream().filter(s -> s.is(kind)).toList());
    }
    this.singlePointOfContact = singlePointOfContact;
  }

  /**
   * Starts a directory.
   *
   * @param id      e.g. {@code essex-directory}
   * @param version the version of this directory's data, stamped on every routing decision
   */
  public static Builder builder(String id, String version, Geography geography) {
    return new Builder(new RuleSetVersion(id, version), Objects.requireNonNull(geography));
  }

  public RuleSetVersion version() {
    return version;
  }

  public Geography geography() {
    return geography;
  }

  /** Every service, in the order they were added (routing breaks ties by this order). */
  public List<Service> services() {
    return services;
  }

  /** The services of one kind, in directory order. */
  public List<Service> services(ServiceKind kind) {
    return byKind.get(kind);
  }

  public Optional<Service> service(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The county-wide single point of contact: the destination when nothing else fits. */
  public Service singlePointOfContact() {
    return singlePointOfContact;
  }

  /** Collects services; {@link #build()} checks them all and reports every problem at once. */
  public static final class Builder {
    private final RuleSetVersion version;
    private final Geography geography;
    private final List<Service> services = new ArrayList<>();

    private Builder(RuleSetVersion version, Geography geography) {
      this.version = version;
      this.geography = geography;
    }

    public Builder service(Service service) {
      services.add(Objects.requireNonNull(service, "service"));
      return this;
    }

    /**
     * @throws InvalidDirectoryException naming every problem: duplicate ids, unknown districts
     *     or areas, services without coverage, eligibility that can never match, malformed
     *     endpoints or contact details, and a missing or ambiguous single point of contact
     */
    public Directory build() {
      List<String> problems = new ArrayList<>();
      Map<String, Service> ids = new LinkedHashMap<>();
      Map<String, Organisation> organisations = new HashMap<>();
      List<Service> contacts = new ArrayList<>();
      for (Service service : services) {
        if (ids.put(service.id(), service) != null) {
          problems.add("duplicate service id " + service.id());
        }
        Organisation known = organisations.putIfAbsent(service.provider().id(),
            service.provider());
        if (known != null && !known.equals(service.provider())) {
          problems.add(service.id() + ": organisation " + known.id()
              + " is described differently by another service");
        }
        checkCoverage(service, problems);
        checkEligibility(service, problems);
        service.endpoint().ifPresent(endpoint -> checkEndpoint(service, endpoint, problems));
        checkContact(service, problems);
        if (service.is(ServiceKind.SINGLE_POINT_OF_CONTACT)) {
          contacts.add(service);
        }
      }
      if (contacts.size() != 1) {
        problems.add("needs exactly one single point of contact, has " + contacts.size()
            + contacts);
      } else if (contacts.get(0).coverage() != Coverage.whole()
          || contacts.get(0).eligibility().access() != Access.DIRECT) {
        problems.add(contacts.get(0).id()
            + ": the single point of contact must cover the whole area with direct access");
      }
      if (!problems.isEmpty()) {
        throw new InvalidDirectoryException(version.toString(), problems);
      }
      return new Directory(version, geography, services, ids, contacts.get(0));
    }

    private void checkCoverage(Service service, List<String> problems) {
      if (service.coverage() instanceof Coverage.Districts districts) {
        if (districts.codes().isEmpty()) {
          problems.add(service.id() + ": covers no district");
        }
        for (String code : districts.codes()) {
          if (geography.district(code).isEmpty()) {
            problems.add(service.id() + ": unknown district " + code);
          }
        }
      } else if (service.coverage() instanceof Coverage.Areas areas) {
        if (areas.names().isEmpty()) {
          problems.add(service.id() + ": covers no area");
        }
        for (String area : areas.names()) {
          if (!geography.areas().contains(area)) {
            problems.add(service.id() + ": unknown area " + area);
          }
        }
      }
    }

    private static void checkEligibility(Service service, List<String> problems) {
      Eligibility e = service.eligibility();
      if (e.minAge() < 0 || e.minAge() > e.maxAge()) {
        problems.add(service.id() + ": age range " + e.minAge() + "-" + e.maxAge()
            + " can never match");
      }
      if (service.kinds().isEmpty()) {
        problems.add(service.id() + ": has no kind, so no rule can ever route to it");
      }
      if (service.is(ServiceKind.PRESCRIBING) && !e.treats(Substance.OPIOIDS)) {
        problems.add(service.id() + ": a prescribing service that does not treat opioids"
            + " can never match");
      }
    }

    private static void checkEndpoint(Service service, String endpoint, List<String> problems) {
      checkUrl(service, "endpoint", endpoint, problems);
    }

    /**
     * Contact details become links on the treatment system map (tel:, mailto:, a web page), so
     * each must be what it says it is: never, say, a {@code javascript:} URL.
     */
    private static void checkContact(Service service, List<String> problems) {
      Contact contact = service.contact();
      contact.phone().filter(phone -> !PHONE.matcher(phone).matches()
          || phone.chars().filter(c -> c >= '0' && c <= '9').count() < 3).ifPresent(phone ->
          problems.add(service.id() + ": phone " + phone + " is not a telephone number"
              + " (digits, spaces, +, -, brackets)"));
      contact.email().filter(email -> !EMAIL.matcher(email).matches()).ifPresent(email ->
          problems.add(service.id() + ": email " + email + " is not an email address"));
      contact.website().ifPresent(website -> checkUrl(service, "website", website, problems));
    }

    private static void checkUrl(Service service, String what, String url,
        List<String> problems) {
      try {
        URI uri = new URI(url);
        if (!uri.isAbsolute() || !("https".equals(uri.getScheme())
            || "http".equals(uri.getScheme())) || uri.getHost() == null) {
          problems.add(service.id() + ": " + what + " " + url + " is not an http(s) URL");
        }
      } catch (java.net.URISyntaxException e) {
        problems.add(service.id() + ": " + what + " " + url + " is not a URL");
      }
    }
  }
}
