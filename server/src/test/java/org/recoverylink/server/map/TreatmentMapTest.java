package org.recoverylink.server.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.directory.Access;
import org.recoverylink.core.directory.Contact;
import org.recoverylink.core.directory.Coverage;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.Eligibility;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Geography;
import org.recoverylink.core.directory.Organisation;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.directory.ServiceKind;
import org.recoverylink.core.directory.Substance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The map read back as a browser's parser would not forgive it, as XML: every service is on the
 * page and in the picture, every directory string stays text, no script can run, and the
 * structure is what assistive technology needs (one h1, ordered headings, landmarks, labels).
 */
class TreatmentMapTest {

  private static final Directory ESSEX = EssexDirectory.directory();
  private static final TreatmentMap MAP = TreatmentMap.of(ESSEX);

  /** A directory file from someone who wants to run a script on the map's readers. */
  private static final String SCRIPT = "<script>alert('owned')</script>";
  private static final Directory HOSTILE = hostile();

  private static Directory hostile() {
    Geography geography = new Geography("Shire</title><script>alert(1)</script>", List.of(
        new District("X1", "Ducks & <Drakes>", "North\" onmouseover=\"alert(1)", true),
        new District("X2", "South ]]> Ward", "<b>South</b>", true),
        new District("X3", "Beyond \u0000 the \uD800 edge", "", false)),
        Map.of("XX1", "X1"));
    Organisation org = new Organisation("o", "Org <img src=x onerror=alert(1)>",
        Optional.empty());
    Eligibility anyone = Eligibility.anyone();
    return Directory.builder("hostile", "1", geography)
        .service(new Service("spoc", "Contact " + SCRIPT, org,
            Set.of(ServiceKind.SINGLE_POINT_OF_CONTACT), anyone, Coverage.whole(),
            Optional.empty(), "Calls you back\u0007 <a href=\"javascript:alert(1)\">here</a>"))
        .service(new Service("north", SCRIPT + " North", org, Set.of(ServiceKind.TREATMENT),
            anyone.ages(18, Eligibility.NO_MAX_AGE).substances(Set.of(Substance.ALCOHOL)),
            Coverage.areas("North\" onmouseover=\"alert(1)"), Optional.empty(),
            "'; DROP TABLE service; --",
            new Contact(Optional.of("+44 (0)1632 960000"), Optional.of("help@example.org"),
                Optional.of("https://example.org/help?a=1&b=2"))))
        .service(new Service("detox", "Detox \"ward\"", org, Set.of(ServiceKind.DETOX),
            anyone.access(Access.SPECIALIST_DECISION_ONLY), Coverage.districts("X2"),
            Optional.empty(), ""))
        .service(new Service("beyond", "Beyond's space", org, Set.of(ServiceKind.PEER_RECOVERY),
            anyone, Coverage.districts("X3"), Optional.empty(), "over the border"))
        .build();
  }

  @Test
  void everyServiceOfTheDirectoryIsOnThePageAndInThePicture() throws Exception {
    for (Directory directory : List.of(ESSEX, HOSTILE)) {
      TreatmentMap map = TreatmentMap.of(directory);
      Document page = parse(map.html());
      Set<String> cards = new HashSet<>();
      for (Element article : elements(page, "article")) {
        cards.add(elements(article, "h3").get(0).getTextContent());
      }
      String picture = String.join(" ", texts(parse(map.svg()), "text"));
      for (Service service : directory.services()) {
        assertTrue(cards.contains(service.name()), "no card for " + service);
        assertTrue(normalised(picture).contains(normalised(service.name())),
            "not in the picture: " + service);
      }
    }
  }

  @Test
  void directoryStringsAreShownAsTextNeverAsMarkup() throws Exception {
    TreatmentMap map = TreatmentMap.of(HOSTILE);
    for (Document document : List.of(parse(map.html()), parse(map.svg()))) {
      assertEquals(List.of(), elements(document, "script"));
      assertEquals(List.of(), elements(document, "img"));
      assertEquals(List.of(), elements(document, "b"));
      for (Element element : elements(document, "*")) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
          String name = attributes.item(i).getNodeName();
          assertFalse(name.startsWith("on"), element.getTagName() + " has " + name);
          assertFalse(attributes.item(i).getNodeValue().contains("javascript:"),
              element.getTagName() + " " + name);
        }
      }
    }
    Document page = parse(map.html());
    // Shown exactly as written, as text.
    assertTrue(texts(page, "h3").contains(SCRIPT + " North"), texts(page, "h3").toString());
    assertTrue(page.getDocumentElement().getTextContent()
        .contains("<a href=\"javascript:alert(1)\">here</a>"));
    assertTrue(texts(page, "title").get(0).startsWith("Drug and alcohol services in Shire"
        + "</title><script>"));
    assertFalse(map.html().contains("<script"), "a script tag in the page's source");
    assertFalse(map.svg().contains("<script"), "a script tag in the picture's source");
  }

  @Test
  void contactDetailsAreLinksOfTheirOwnKindOnly() throws Exception {
    Document page = parse(TreatmentMap.of(HOSTILE).html());
    List<String> hrefs = elements(page, "a").stream().map(a -> a.getAttribute("href"))
        .filter(href -> !href.startsWith("#")).toList();

    assertTrue(hrefs.contains("tel:+4401632960000"), hrefs.toString());
    assertTrue(hrefs.contains("mailto:help@example.org"), hrefs.toString());
    assertTrue(hrefs.contains("https://example.org/help?a=1&b=2"), hrefs.toString());
    for (String href : hrefs) { // and the one link to the public pages' start, "/"
      assertTrue(href.equals("/") || href.matches("(tel:|mailto:|https?://|map/pathways\\.svg)"
          + ".*"), href);
    }
  }

  @Test
  void thereAreNoScriptsAndThePolicyAllowsOnlyThePagesOwnStylesheet() throws Exception {
    Document page = parse(MAP.html());
    assertEquals(List.of(), elements(page, "script"));
    assertEquals(List.of(), elements(page, "noscript"));
    String policy = MAP.contentSecurityPolicy();
    assertTrue(policy.contains("script-src 'none'"), policy);
    assertTrue(policy.contains("default-src 'none'"), policy);
    List<Element> styles = elements(page, "style");
    assertEquals(1, styles.size());
    String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest(styles.get(0).getTextContent().getBytes(StandardCharsets.UTF_8)));
    assertTrue(policy.contains("style-src 'sha256-" + hash + "'"), policy);
    for (Element element : elements(page, "*")) {
      assertFalse(element.hasAttribute("style"), element.getTagName()
          + " has a style attribute, which the policy would block");
    }
  }

  @Test
  void oneH1AndHeadingsNeverSkipALevel() throws Exception {
    for (Directory directory : List.of(ESSEX, HOSTILE)) {
      Document page = parse(TreatmentMap.of(directory).html());
      List<Integer> levels = new ArrayList<>();
      for (Element element : elements(page, "*")) {
        if (element.getTagName().matches("h[1-6]")) {
          levels.add(element.getTagName().charAt(1) - '0');
        }
      }
      assertEquals(1, levels.get(0), "the first heading is the h1");
      assertEquals(1, levels.stream().filter(level -> level == 1).count(), "one h1");
      for (int i = 1; i < levels.size(); i++) {
        assertTrue(levels.get(i) <= levels.get(i - 1) + 1, "heading " + i + " jumps from h"
            + levels.get(i - 1) + " to h" + levels.get(i));
      }
    }
  }

  @Test
  void landmarksLabelsAndLinksAllResolve() throws Exception {
    Document page = parse(MAP.html());
    Element html = page.getDocumentElement();
    assertEquals("en", html.getAttribute("lang"));
    assertEquals(1, elements(page, "header").size());
    assertEquals(1, elements(page, "main").size());
    assertEquals(1, elements(page, "footer").size());
    Element nav = elements(page, "nav").get(0);
    assertFalse(nav.getAttribute("aria-label").isBlank());

    Set<String> ids = new HashSet<>();
    for (Element element : elements(page, "*")) {
      if (element.hasAttribute("id")) {
        assertTrue(ids.add(element.getAttribute("id")), "duplicate id "
            + element.getAttribute("id"));
      }
    }
    Element skip = elements(page, "a").get(0);
    assertEquals("#main", skip.getAttribute("href"), "the first link skips to the content");
    assertEquals("main", byId(page, "main").getTagName());
    for (Element link : elements(page, "a")) {
      String href = link.getAttribute("href");
      if (href.startsWith("#")) {
        assertTrue(ids.contains(href.substring(1)), "a link to a missing " + href);
      }
      assertFalse(link.getTextContent().isBlank(), "a link without text: " + href);
    }
    for (Element element : elements(page, "*")) {
      for (String id : element.getAttribute("aria-labelledby").split(" ")) {
        assertTrue(id.isEmpty() || ids.contains(id), "labelled by a missing " + id);
      }
    }
    for (String tag : List.of("section", "article")) {
      for (Element element : elements(page, tag)) {
        assertFalse(element.getAttribute("aria-labelledby").isEmpty(),
            tag + " without a label: " + element.getAttribute("id"));
      }
    }
  }

  @Test
  void thePictureIsLabelledAndShowsEveryArea() throws Exception {
    for (Directory directory : List.of(ESSEX, HOSTILE)) {
      TreatmentMap map = TreatmentMap.of(directory);
      Document svg = parse(map.svg());
      Element root = svg.getDocumentElement();
      assertEquals("svg", root.getTagName());
      assertEquals("img", root.getAttribute("role"));
      assertFalse(texts(svg, "title").get(0).isBlank());
      assertFalse(texts(svg, "desc").get(0).isBlank());
      for (String id : root.getAttribute("aria-labelledby").split(" ")) {
        assertTrue(byId(svg, id) != null, "labelled by a missing " + id);
      }
      List<String> words = texts(svg, "text");
      for (String area : directory.geography().areas()) {
        assertTrue(words.contains(area), "area " + area + " not in the picture: " + words);
      }
      // The page holds the same picture, and says it in words next to it.
      Document page = parse(map.html());
      assertEquals(1, elements(page, "svg").size());
      String inWords = elements(page, "ul").stream()
          .filter(ul -> ul.getAttribute("class").equals("in-words")).findFirst().orElseThrow()
          .getTextContent();
      for (String area : directory.geography().areas()) {
        assertTrue(inWords.contains(area), area + " is not in the text version");
      }
    }
  }

  @Test
  void anotherDirectoryDrawsItsOwnMap() throws Exception {
    String page = parse(TreatmentMap.of(HOSTILE).html()).getDocumentElement().getTextContent();

    for (Service essex : ESSEX.services()) {
      assertFalse(page.contains(essex.name()), essex.name() + " is on another county's map");
    }
    assertTrue(page.contains("Beyond \uFFFD the \uFFFD edge"), "the neighbour, made safe");
  }

  @Test
  void servicesInEachAreaAreThoseCoveringIt() {
    Sections sections = Sections.of(ESSEX);
    for (Sections.Area area : sections.areas()) {
      for (District district : area.districts()) {
        for (Service service : ESSEX.services()) {
          boolean listed = area.services().contains(service) || sections.whole().contains(service)
              || service.equals(sections.contact())
              || sections.specialistOnly().contains(service);
          if (service.coverage().covers(district)) {
            assertTrue(listed, service + " covers " + district + " but is not shown for it");
          }
        }
      }
    }
    Set<Service> shown = new HashSet<>(sections.whole());
    sections.areas().forEach(area -> shown.addAll(area.services()));
    shown.add(sections.contact());
    shown.addAll(sections.specialistOnly());
    shown.addAll(sections.outsideServices());
    assertEquals(Set.copyOf(ESSEX.services()), shown);
  }

  private static String normalised(String text) {
    return text.replaceAll("\\s+", " ");
  }

  /** Parses as XML, as strictly as XML is: the page must be well-formed. No DTDs fetched. */
  static Document parse(String markup) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setExpandEntityReferences(false);
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(markup)));
  }

  static List<Element> elements(Node root, String tag) {
    NodeList nodes = root instanceof Document d ? d.getElementsByTagName(tag)
        : ((Element) root).getElementsByTagName(tag);
    List<Element> found = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      found.add((Element) nodes.item(i));
    }
    return found;
  }

  static List<String> texts(Node root, String tag) {
    return elements(root, tag).stream().map(Node::getTextContent).toList();
  }

  private static Element byId(Document document, String id) {
    return elements(document, "*").stream().filter(e -> id.equals(e.getAttribute("id")))
        .findFirst().orElse(null);
  }
}
