package org.recoverylink.server.map;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.recoverylink.core.directory.Access;
import org.recoverylink.core.directory.Capacities;
import org.recoverylink.core.directory.Capacity;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.Contact;
import org.recoverylink.core.directory.Coverage;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.Eligibility;
import org.recoverylink.core.directory.Geography;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.directory.ServiceKind;
import org.recoverylink.core.routing.Destination;
import org.recoverylink.core.routing.RouteDecision;
import org.recoverylink.core.routing.Router;

/**
 * The treatment system map of one directory: an HTML page for people looking for help, their
 * families and the professionals who refer them, with the pathways drawn as SVG and said in
 * words, and each service's capacity (accepting, a waiting list, paused) as it was when
 * rendered. Rendered once for a directory and its services' capacities; immutable.
 *
 * <p>The page has no scripts, and its {@link #contentSecurityPolicy()} forbids them, allowing
 * only its own stylesheet (by hash). Every directory string is escaped, so a directory file is
 * shown as text whatever it holds. It says only what the directory holds, or what RecoveryLink
 * itself does: where the directory gives no phone number, none is shown.
 */
public final class TreatmentMap {

  private static final String CSS = stylesheet();

  private final String html;
  private final String svg;
  private final String policy;

  private TreatmentMap(String html, String svg, String policy) {
    this.html = html;
    this.svg = svg;
    this.policy = policy;
  }

  /** Renders the map of a directory, every service accepting. */
  public static TreatmentMap of(Directory directory) {
    return of(directory, Capacities.allAccepting());
  }

  /** Renders the map of a directory with its services' capacities now. */
  public static TreatmentMap of(Directory directory, Capacities capacities) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(capacities, "capacities");
    Sections sections = Sections.of(directory);
    String picture = PathwayDiagram.svg(sections, directory.geography());
    return new TreatmentMap(new Page(directory, capacities, sections, picture).render(),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + picture + "\n",
        "default-src 'none'; script-src 'none'; style-src 'sha256-" + sha256(CSS) + "';"
            + " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  }

  /** The page, a complete HTML5 document that is also well-formed XML. */
  public String html() {
    return html;
  }

  /** The pathways picture alone, as an SVG document. */
  public String svg() {
    return svg;
  }

  /** The Content-Security-Policy to send with {@link #html()}: no scripts, our CSS only. */
  public String contentSecurityPolicy() {
    return policy;
  }

  /** The page in the making. */
  private static final class Page {

    private final Directory directory;
    private final Capacities capacities;
    private final Geography geography;
    private final Sections sections;
    private final String picture;
    private final Markup out = new Markup();
    /** Each card's id, in page order; a service covering two areas has two cards. */
    private final List<String> cardIds = new ArrayList<>();
    /** The first card of each service, for links to it. */
    private final Map<String, String> anchors = new HashMap<>();
    private int cards;
    /** Whether the directory knows how to contact any service: if not, the page says so once. */
    private final boolean anyContact;

    Page(Directory directory, Capacities capacities, Sections sections, String picture) {
      this.directory = directory;
      this.capacities = capacities;
      this.geography = directory.geography();
      this.sections = sections;
      this.picture = picture;
      this.anyContact = directory.services().stream().anyMatch(s -> !s.contact().isEmpty());
      // Cards are numbered in the order they are rendered, so links can go to them early.
      List<Service> order = new ArrayList<>();
      sections.areas().forEach(area -> order.addAll(area.services()));
      order.add(sections.contact());
      order.addAll(sections.whole());
      order.addAll(sections.outsideServices());
      order.addAll(sections.specialistOnly());
      for (Service service : order) {
        String id = "service-" + (cardIds.size() + 1);
        cardIds.add(id);
        anchors.putIfAbsent(service.id(), id);
      }
    }

    String render() {
      String place = geography.name();
      out.raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n"
          + "<head>\n<meta charset=\"utf-8\"/>\n"
          + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
          + "<meta name=\"color-scheme\" content=\"light\"/>\n");
      out.element("title", "Drug and alcohol services in " + place + ": treatment system map");
      out.raw("\n<style>").raw(CSS).raw("</style>\n</head>\n<body>\n");
      out.raw("<a class=\"skip\" href=\"#main\">Skip to the map</a>\n");
      header(place);
      navigation();
      out.raw("<main id=\"main\" class=\"wrap\" tabindex=\"-1\">\n");
      gettingHelp();
      pathways();
      for (int i = 0; i < sections.areas().size(); i++) {
        area(i, sections.areas().get(i));
      }
      across();
      outside();
      specialist();
      professionals();
      out.raw("</main>\n");
      footer();
      return out.raw("</body>\n</html>\n").toString();
    }

    private void header(String place) {
      out.raw("<header class=\"masthead\"><div class=\"wrap\">\n");
      out.element("p", "class=\"kicker\"", "RecoveryLink \u00b7 treatment system map");
      out.element("h1", "Drug and alcohol treatment and recovery services in " + place);
      out.element("p", "class=\"lede\"", "Who each service is for, where it works, how to be"
          + " referred and what happens next: for anyone who wants help with drinking or drug"
          + " use, their families, and the professionals who refer them.");
      // The public pages (docs/front-door.md) and the map are one site.
      out.raw("<p class=\"lede\"><a href=\"/\">").text("Check your drinking, or make a"
          + " referral online for yourself, someone else or as a professional").raw("</a></p>\n");
      out.element("p", "class=\"source\"", "Made from the service directory "
          + directory.version().id() + ", version " + directory.version().version() + ".");
      out.raw("</div></header>\n");
    }

    private void navigation() {
      out.raw("<nav class=\"contents\" aria-label=\"On this page\"><div class=\"wrap\"><ul>\n");
      link("#help", "Getting help");
      link("#pathways", "How referrals reach services");
      for (int i = 0; i < sections.areas().size(); i++) {
        link("#area-" + (i + 1), sections.areas().get(i).name());
      }
      link("#across", "Across " + geography.name());
      if (!sections.outside().isEmpty()) {
        link("#outside", "Outside " + geography.name());
      }
      if (!sections.specialistOnly().isEmpty()) {
        link("#specialist", "Through a specialist");
      }
      link("#professionals", "For professionals");
      out.raw("</ul></div></nav>\n");
    }

    private void link(String href, String text) {
      out.raw("<li><a href=\"" + href + "\">").text(text).raw("</a></li>\n");
    }

    private void gettingHelp() {
      Service contact = sections.contact();
      open("help", "Getting help");
      out.raw("<ol class=\"steps\">\n");
      out.element("li", "Talk to your GP practice or a community pharmacy. They can ask you a"
          + " few questions about drinking, drug use and how you are feeling, and give you"
          + " advice.");
      out.element("li", "If you want help from a service, they send one referral through"
          + " RecoveryLink. It goes to the service that fits your age, where you live and what"
          + " you use, and your answers go with it, so you tell your story once.");
      out.element("li", "The service receives the referral and takes it from there. If it"
          + " cannot take you, for any reason other than your own choice, the referral goes on"
          + " to the next service that can: it is not dropped.");
      out.element("li", "Whoever referred you can see what has happened to your referral.");
      out.raw("</ol>\n");
      out.raw("<div class=\"callout\" role=\"note\" aria-labelledby=\"unsure\">\n");
      out.element("h3", "id=\"unsure\"", "Not sure which service is right?");
      out.raw("<p>").text("You do not need to know. ").raw("<a href=\"#"
          + anchors.get(contact.id()) + "\">").text(contact.name()).raw("</a>")
          .text(" is the single point of contact for " + geography.name() + ": when no other"
              + " service fits, the referral goes there and it finds the right service.")
          .raw("</p>\n");
      List<Service> young = directory.services(ServiceKind.YOUNG_PEOPLE).stream()
          .filter(s -> s.eligibility().access() == Access.DIRECT).toList();
      if (!young.isEmpty()) {
        out.raw("<p>").text("Under 18? You are always referred to ");
        links(young);
        int oldest = young.stream().mapToInt(s -> s.eligibility().maxAge()).max().orElse(0);
        out.text(oldest >= 18 && oldest < Eligibility.NO_MAX_AGE ? ". Up to the age of "
            + oldest + ", it also works alongside adult services." : ".").raw("</p>\n");
      }
      List<Service> families = directory.services().stream().filter(s -> s.eligibility()
          .circumstances().contains(Circumstance.AFFECTED_FAMILY_MEMBER)).toList();
      if (!families.isEmpty()) {
        out.raw("<p>").text("Worried about someone else\u2019s drinking or drug use? ");
        links(families);
        out.text(families.size() == 1 ? " is" : " are").text(" set up for family members"
            + " affected by someone else\u2019s use.").raw("</p>\n");
      }
      if (!directory.services(ServiceKind.PEER_RECOVERY).isEmpty()) {
        out.element("p", "Everyone referred in " + geography.name() + " is also put in touch"
            + " with their nearest peer recovery support, for them and their family.");
      }
      out.raw("</div>\n");
      out.raw("<div class=\"callout urgent\" role=\"note\" aria-labelledby=\"tell\">\n");
      out.element("h3", "id=\"tell\"", "Tell the person you talk to if");
      out.raw("<ul>\n");
      out.element("li", "you have had thoughts of death or of harming yourself: a clinician"
          + " should see you the same day, not only send a referral letter;");
      out.element("li", "you are pregnant: your referral is marked urgent;");
      out.element("li", "you have just left prison and use opioids: your referral for"
          + " continued prescribing is marked urgent;");
      out.element("li", "you use opioids or inject: you are also offered take-home naloxone,"
          + " which can reverse an opioid overdose.");
      out.raw("</ul>\n</div>\n");
      if (!anyContact) {
        out.element("p", "class=\"intro\"", "This directory lists no phone numbers, addresses"
            + " or opening hours for these services, and this page does not guess them. Your GP"
            + " practice or pharmacy can refer you to any service marked as taking referrals"
            + " from them.");
      }
      close();
    }

    private void pathways() {
      open("pathways", "How referrals reach services");
      out.element("p", "class=\"intro\"", "The picture shows how a referral reaches the"
          + " services of each area of " + geography.name() + ". The same information follows"
          + " it in words.");
      out.raw("<figure aria-labelledby=\"pathways-caption\">\n").raw(picture).raw("\n");
      out.raw("<figcaption id=\"pathways-caption\">").text("Pathways into treatment and recovery"
          + " services in " + geography.name() + ", by area. ")
          .raw("<a href=\"map/pathways.svg\">").text("Open the picture on its own")
          .raw("</a>.</figcaption>\n</figure>\n");
      out.element("h3", "id=\"in-words\"", "The picture in words");
      out.raw("<ul class=\"in-words\" aria-labelledby=\"in-words\">\n");
      out.element("li", "GP practices and community pharmacies screen people and, when they"
          + " want help, send one referral through RecoveryLink.");
      for (Sections.Area area : sections.areas()) {
        out.raw("<li><strong>").text(area.name()).raw("</strong> ")
            .text("(" + Words.and(area.districts().stream().map(District::name).toList())
                + "): ");
        sentence(area.services(), "no service for this area alone");
        out.raw("</li>\n");
      }
      if (!sections.whole().isEmpty()) {
        out.raw("<li><strong>").text("Across " + geography.name()).raw("</strong>: ");
        sentence(sections.whole(), "");
        out.raw("</li>\n");
      }
      out.raw("<li><strong>").text("Single point of contact").raw("</strong>: ")
          .text(sections.contact().name() + ", when no other service fits, no substance is"
              + " named or the district is unknown"
              + (sections.outside().isEmpty() ? "" : ", or the person lives outside "
                  + geography.name()) + ".").raw("</li>\n");
      if (!sections.outside().isEmpty()) {
        out.raw("<li><strong>").text("Outside " + geography.name()).raw("</strong> ")
            .text("(" + Words.and(sections.outside().stream().map(District::name).toList())
                + "): the single point of contact passes the referral to the local services"
                + " there" + (sections.outsideServices().isEmpty() ? "."
                    : ", and people are told about "));
        if (!sections.outsideServices().isEmpty()) {
          sentence(sections.outsideServices(), "");
        }
        out.raw("</li>\n");
      }
      if (!sections.specialistOnly().isEmpty()) {
        out.raw("<li><strong>").text("Only through a specialist").raw("</strong> ")
            .text("(dashed in the picture; a specialist service decides after its"
                + " assessment): ");
        sentence(sections.specialistOnly(), "");
        out.raw("</li>\n");
      }
      out.raw("</ul>\n");
      close();
    }

    /** Services as linked names, "a, b and c.", or the fallback when there are none. */
    private void sentence(List<Service> services, String none) {
      if (services.isEmpty()) {
        out.text(none + ".");
        return;
      }
      links(services);
      out.text(".");
    }

    private void links(List<Service> services) {
      for (int i = 0; i < services.size(); i++) {
        if (i > 0) {
          out.text(i == services.size() - 1 ? " and " : ", ");
        }
        Service service = services.get(i);
        out.raw("<a href=\"#" + anchors.get(service.id()) + "\">").text(service.name())
            .raw("</a>");
      }
    }

    private void area(int index, Sections.Area area) {
      String id = "area-" + (index + 1);
      out.raw("<section id=\"" + id + "\" aria-labelledby=\"" + id + "-title\">\n");
      out.raw("<h2 id=\"" + id + "-title\">").text(area.name()).raw(" <span class=\""
          + "area-districts\">").text("\u00b7 " + Words.and(area.districts().stream()
          .map(District::name).toList())).raw("</span></h2>\n");
      out.element("p", "class=\"intro\"", "Services for people living in " + Words.or(
          area.districts().stream().map(District::name).toList()) + ". Services across "
          + geography.name() + " are listed after the areas.");
      cards(area.services(), "");
      close();
    }

    private void across() {
      open("across", "Across " + geography.name());
      out.element("p", "class=\"intro\"", Words.where(Coverage.whole(), geography)
          + (sections.outside().isEmpty() ? "" : ",") + " can be referred to these services.");
      out.raw("<div class=\"services\">\n");
      card(sections.contact(), "contact");
      for (Service service : sections.whole()) {
        card(service, "whole");
      }
      out.raw("</div>\n");
      close();
    }

    private void outside() {
      if (sections.outside().isEmpty()) {
        return;
      }
      List<String> names = sections.outside().stream().map(District::name).toList();
      open("outside", "Outside " + geography.name());
      out.element("p", "class=\"intro\"", Words.and(names) + (names.size() == 1 ? " is" : " are")
          + " outside the area these services are commissioned for. A referral for someone"
          + " living there goes to " + sections.contact().name() + ", which passes it to the"
          + " local services there."
          + (sections.outsideServices().isEmpty() ? ""
              : " RecoveryLink also tells people there about the services below."));
      cards(sections.outsideServices(), "whole");
      close();
    }

    private void specialist() {
      if (sections.specialistOnly().isEmpty()) {
        return;
      }
      open("specialist", "Only through a specialist");
      out.element("p", "class=\"intro\"", "A GP practice or pharmacy cannot refer to these"
          + " services directly. A specialist treatment service refers people to them when its"
          + " assessment shows they are needed.");
      cards(sections.specialistOnly(), "specialist");
      close();
    }

    private void cards(List<Service> services, String style) {
      if (services.isEmpty()) {
        out.element("p", "No service is for this area alone: see the services across "
            + geography.name() + ".");
        return;
      }
      out.raw("<div class=\"services\">\n");
      for (Service service : services) {
        card(service, style);
      }
      out.raw("</div>\n");
    }

    private void card(Service service, String style) {
      String id = cardIds.get(cards++);
      Eligibility eligibility = service.eligibility();
      boolean direct = eligibility.access() == Access.DIRECT;
      boolean contact = service.equals(sections.contact());
      out.raw("<article id=\"" + id + "\" class=\"service" + (style.isEmpty() ? "" : " " + style)
          + "\" aria-labelledby=\"" + id + "-name\">\n");
      out.element("h3", "id=\"" + id + "-name\"", service.name());
      out.element("p", "class=\"provider\"", "Provided by " + service.provider().name());
      out.raw("<ul class=\"kinds\" aria-label=\"What it does\">");
      for (ServiceKind kind : ServiceKind.values()) {
        if (service.is(kind)) {
          out.element("li", kind.display());
        }
      }
      out.raw("</ul>\n<dl class=\"facts\">\n");
      List<String> circumstances = Words.circumstances(eligibility.circumstances());
      fact("Who it is for", Words.whoFor(eligibility) + "."
          + (circumstances.isEmpty() ? "" : " Also set up for " + Words.and(circumstances)
              + "."));
      fact("Where", Words.where(service.coverage(), geography) + ".");
      fact("What it offers", service.description().isBlank()
          ? "The directory does not describe it." : service.description());
      fact("How to be referred", !direct
          ? "Only by a specialist service, when its assessment shows you need it."
          : "Through your GP practice or a community pharmacy." + (contact
              ? " Referrals also come here whenever no other service fits." : ""));
      if (direct) {
        fact("Taking referrals", taking(capacities.capacity(service.id()), contact));
      }
      if (anyContact) {
        contact(service.contact());
      }
      fact("What happens next", !direct
          ? "The specialist team that refers you arranges it with the service."
          : (service.endpoint().isPresent()
              ? "Your referral, with your answers, goes straight into the service\u2019s own"
                  + " system."
              : "The service picks up your referral, with your answers, from its RecoveryLink"
                  + " worklist.")
              + (contact ? " It finds the service that fits you and passes the referral on."
                  : ""));
      out.raw("</dl>\n");
      professional(id, service);
      out.raw("</article>\n");
    }

    /** A service's capacity in plain words, for people deciding whether to ask for it. */
    private static String taking(Capacity capacity, boolean contact) {
      if (capacity.isPaused()) {
        return contact
            ? "Paused just now, but as the single point of contact it still takes referrals"
                + " when no other service fits."
            : "Paused: not taking new referrals just now. A referral goes to the next service"
                + " that fits you instead.";
      }
      return capacity.waitingWeeks().map(weeks -> "Yes, with a waiting list of " + weeks
          + (weeks == 1 ? " week" : " weeks") + " for a first appointment.")
          .orElse("Yes.");
    }

    private void contact(Contact contact) {
      out.raw("<dt>Contact</dt><dd>");
      if (contact.isEmpty()) {
        out.text("Not in this directory: ask your GP practice or pharmacy.").raw("</dd>\n");
        return;
      }
      List<Runnable> parts = new ArrayList<>();
      // Directory.build checked each part's form; the href is still escaped, like all text.
      contact.phone().ifPresent(phone -> parts.add(() -> out.text("Phone ")
          .raw("<a " + Markup.attribute("href", "tel:" + phone.replaceAll("[^0-9+]", ""))
              + ">").text(phone).raw("</a>")));
      contact.email().ifPresent(email -> parts.add(() -> out.text("email ")
          .raw("<a " + Markup.attribute("href", "mailto:" + email) + ">").text(email)
          .raw("</a>")));
      contact.website().filter(url -> url.startsWith("https://") || url.startsWith("http://"))
          .ifPresent(url -> parts.add(() -> out.text("website ")
              .raw("<a " + Markup.attribute("href", url) + ">").text(url).raw("</a>")));
      for (int i = 0; i < parts.size(); i++) {
        if (i > 0) {
          out.text("; ");
        }
        parts.get(i).run();
      }
      out.text(".").raw("</dd>\n");
    }

    private void professional(String id, Service service) {
      Eligibility eligibility = service.eligibility();
      boolean direct = eligibility.access() == Access.DIRECT;
      out.raw("<div class=\"pro\" role=\"group\" aria-labelledby=\"" + id + "-pro\">\n");
      out.element("h4", "id=\"" + id + "-pro\"", "For professionals");
      out.raw("<dl>\n<dt>To refer</dt><dd>");
      if (direct) {
        out.text("performer ").raw("<code>").text("HealthcareService/" + service.id())
            .raw("</code>").text(" (or none: RecoveryLink routes)");
      } else {
        out.raw("<code>").text("HealthcareService/" + service.id()).raw("</code>")
            .text(" is not a destination: naming it is refused (422), and routing never"
                + " chooses it");
      }
      out.raw("</dd>\n");
      List<String> eligible = new ArrayList<>();
      eligible.add("ages " + Words.ageRange(eligibility));
      eligible.add("substances: " + Words.substanceList(eligibility.substances()));
      if (!eligibility.circumstances().isEmpty()) {
        eligible.add("set up for " + String.join(", ", eligibility.circumstances().stream()
            .sorted().map(c -> c.display().toLowerCase(Locale.ROOT)).toList()));
      }
      eligible.add(eligibility.access().display().toLowerCase(Locale.ROOT));
      fact("Eligibility", String.join("; ", eligible));
      fact("Covers", coverage(service.coverage()));
      fact("Delivery", service.endpoint().isPresent()
          ? "to its FHIR endpoint, as a BaRS message"
          : "its RecoveryLink worklist (no endpoint)");
      out.raw("</dl>\n</div>\n");
    }

    private String coverage(Coverage coverage) {
      if (coverage instanceof Coverage.Areas areas) {
        List<String> parts = new ArrayList<>();
        for (String area : geography.areas()) {
          if (areas.names().contains(area)) {
            parts.add(area + " area: " + String.join(", ", geography.districts().stream()
                .filter(d -> d.local() && d.area().equals(area)).map(District::toString)
                .toList()));
          }
        }
        return String.join("; ", parts);
      }
      if (coverage instanceof Coverage.Districts districts) {
        return "districts " + String.join(", ", geography.districts().stream()
            .filter(d -> districts.codes().contains(d.code())).map(District::toString)
            .toList());
      }
      return "every local district of " + geography.name();
    }

    private void fact(String term, String definition) {
      out.element("dt", term).element("dd", definition).raw("\n");
    }

    private void professionals() {
      open("professionals", "For professionals");
      long electronic = directory.services().stream().filter(s -> s.endpoint().isPresent())
          .count();
      out.element("p", "class=\"intro\"", "Refer with a FHIR R4 ServiceRequest to POST"
          + " fhir/ServiceRequest, with a bearer token for the gp or pharmacy role. Name a"
          + " service as performer (its HealthcareService id is on its card) and RecoveryLink"
          + " checks that it can take the person: age, area, substance and direct access. Name"
          + " none and RecoveryLink routes, as in the table below; POST"
          + " fhir/ServiceRequest/$route shows the decision without referring. The referral"
          + " carries the screening results, flags and consent, and each receiving service"
          + " gets a Task that shows the referrer how it is going.");
      out.element("p", "class=\"intro\"", "A service with a FHIR endpoint in the directory"
          + " receives referrals straight into its own system as BaRS messages; the others"
          + " pick them up from their RecoveryLink worklist. "
          + (electronic == 0 ? "No service in this directory has an endpoint yet."
              : "In this directory " + electronic + " of " + directory.services().size()
                  + " services " + (electronic == 1 ? "has" : "have") + " an endpoint."));
      List<RouteExamples.Column> columns = RouteExamples.columns(directory, sections,
          capacities);
      if (!columns.isEmpty()) {
        out.element("h3", "id=\"routes\"", "Where RecoveryLink sends typical people");
        out.raw("<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"routes\""
            + " tabindex=\"0\">\n<table class=\"routes\">\n<caption>");
        out.text("Worked out by RecoveryLink\u2019s routing rules (" + Router.RULES + ") over"
            + " this directory and its services\u2019 capacity now, for someone living in the"
            + " district at the head of each column. In bold, the service that owns the referral; the others are referred to"
            + " alongside it. Districts of one area may differ in their nearest recovery"
            + " support.").raw("</caption>\n<thead><tr><th scope=\"col\">Person</th>");
        for (RouteExamples.Column column : columns) {
          out.raw("<th scope=\"col\">").text(column.district().name() + " ("
              + column.district().area() + ")").raw("</th>");
        }
        out.raw("</tr></thead>\n<tbody>\n");
        for (int row = 0; row < RouteExamples.PEOPLE.size(); row++) {
          out.raw("<tr><th scope=\"row\">").text(RouteExamples.PEOPLE.get(row).label())
              .raw("</th>");
          for (RouteExamples.Column column : columns) {
            decision(column.decisions().get(row));
          }
          out.raw("</tr>\n");
        }
        out.raw("</tbody>\n</table>\n</div>\n");
      }
      out.element("h3", "The directory as data");
      out.element("p", "class=\"intro\"", "GET fhir/HealthcareService (with a token for any"
          + " role) gives every service above as FHIR. A deployment replaces the directory with"
          + " its own file, and this page follows it.");
      close();
    }

    private void decision(RouteDecision decision) {
      out.raw("<td><ul>");
      for (Destination destination : decision.destinations()) {
        boolean primary = destination == decision.primary();
        out.raw(primary ? "<li class=\"primary\">" : "<li>")
            .raw("<a href=\"#" + anchors.get(destination.service().id()) + "\">")
            .text(destination.service().name()).raw("</a></li>");
      }
      decision.offers().forEach(offer -> out.raw("<li class=\"offer\">").text(offer.display())
          .raw("</li>"));
      if (decision.urgent()) {
        out.raw("<li><strong>Urgent</strong></li>");
      }
      out.raw("</ul></td>");
    }

    private void footer() {
      out.raw("<footer><div class=\"wrap\">\n");
      out.element("p", "Made by RecoveryLink from the service directory "
          + directory.version().id() + ", version " + directory.version().version() + ". It"
          + " shows only what the directory holds: where the directory gives no phone number,"
          + " address or opening hours, none is shown. Descriptions are the directory\u2019s"
          + " own words, with the sources it names.");
      out.raw("</div></footer>\n");
    }

    private void open(String id, String title) {
      out.raw("<section id=\"" + id + "\" aria-labelledby=\"" + id + "-title\">\n");
      out.element("h2", "id=\"" + id + "-title\"", title);
    }

    private void close() {
      out.raw("</section>\n");
    }
  }

  private static String stylesheet() {
    try (InputStream in = TreatmentMap.class.getResourceAsStream("map.css")) {
      if (in == null) {
        throw new IllegalStateException("map.css is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(String text) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
