package org.recoverylink.core.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An inconsistent directory is refused as a whole, naming every problem. */
class DirectoryValidationTest {

  private static final Geography GEOGRAPHY = new Geography("Testshire", List.of(
      new District("T1", "Alpha", "North", true), new District("T2", "Beta", "South", true)),
      Map.of("TS1", "T1"));
  private static final Organisation ORG = new Organisation("org", "Org", Optional.empty());

  private static Service service(String id, Set<ServiceKind> kinds, Eligibility eligibility,
      Coverage coverage, String endpoint) {
    return new Service(id, id, ORG, kinds, eligibility, coverage, Optional.ofNullable(endpoint),
        "test");
  }

  private static Service contact() {
    return service("spoc", Set.of(ServiceKind.SINGLE_POINT_OF_CONTACT), Eligibility.anyone(),
        Coverage.whole(), null);
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    Directory.Builder builder = Directory.builder("test", "1", GEOGRAPHY)
        .service(contact())
        .service(service("a", Set.of(ServiceKind.TREATMENT), Eligibility.anyone(),
            Coverage.districts("T9"), null))                                  // unknown district
        .service(service("a", Set.of(ServiceKind.TREATMENT), Eligibility.anyone(),
            Coverage.areas("East"), null))                                    // duplicate, bad area
        .service(service("b", Set.of(ServiceKind.TREATMENT), Eligibility.anyone(),
            new Coverage.Districts(Set.of()), null))                          // no coverage
        .service(service("c", Set.of(ServiceKind.YOUNG_PEOPLE),
            Eligibility.anyone().ages(25, 18), Coverage.whole(), null))       // never matches
        .service(service("d", Set.of(ServiceKind.PRESCRIBING),
            Eligibility.anyone().substances(Set.of(Substance.ALCOHOL)), Coverage.whole(),
            null))                                                            // never matches
        .service(service("e", Set.of(), Eligibility.anyone(), Coverage.whole(), null))
        .service(service("f", Set.of(ServiceKind.TREATMENT), Eligibility.anyone(),
            Coverage.whole(), "ftp://example.org/fhir"));                     // bad endpoint

    InvalidDirectoryException e = assertThrows(InvalidDirectoryException.class, builder::build);

    assertEquals(List.of(
        "a: unknown district T9",
        "duplicate service id a",
        "a: unknown area East",
        "b: covers no district",
        "c: age range 25-18 can never match",
        "d: a prescribing service that does not treat opioids can never match",
        "e: has no kind, so no rule can ever route to it",
        "f: endpoint ftp://example.org/fhir is not an http(s) URL"), e.problems());
    assertTrue(e.getMessage().startsWith("directory test|1 has 8 problems"), e.getMessage());
  }

  @Test
  void aDirectoryNeedsExactlyOneCountyWideSinglePointOfContact() {
    assertThrows(InvalidDirectoryException.class,
        () -> Directory.builder("test", "1", GEOGRAPHY).build());
    InvalidDirectoryException partial = assertThrows(InvalidDirectoryException.class,
        () -> Directory.builder("test", "1", GEOGRAPHY)
            .service(service("spoc", Set.of(ServiceKind.SINGLE_POINT_OF_CONTACT),
                Eligibility.anyone(), Coverage.areas("North"), null)).build());
    assertTrue(partial.problems().get(0).contains("must cover the whole area"));
  }

  @Test
  void contactDetailsMustBeWhatTheySay() {
    Service bad = new Service("bad", "Bad", ORG, Set.of(ServiceKind.TREATMENT),
        Eligibility.anyone(), Coverage.whole(), Optional.empty(), "test",
        new Contact(Optional.of("call us"), Optional.of("help at example.org"),
            Optional.of("javascript:alert(1)")));
    Service tooFewDigits = new Service("short", "Short", ORG, Set.of(ServiceKind.TREATMENT),
        Eligibility.anyone(), Coverage.whole(), Optional.empty(), "test",
        new Contact(Optional.of("(12)"), Optional.empty(), Optional.empty()));

    InvalidDirectoryException e = assertThrows(InvalidDirectoryException.class,
        () -> Directory.builder("test", "1", GEOGRAPHY).service(contact()).service(bad)
            .service(tooFewDigits).build());

    assertEquals(List.of(
        "bad: phone call us is not a telephone number (digits, spaces, +, -, brackets)",
        "bad: email help at example.org is not an email address",
        "bad: website javascript:alert(1) is not an http(s) URL",
        "short: phone (12) is not a telephone number (digits, spaces, +, -, brackets)"),
        e.problems());
  }

  @Test
  void wellFormedContactDetailsAreKept() {
    Contact contact = new Contact(Optional.of("+44 (0)1632 960000"),
        Optional.of("referrals@example.org"), Optional.of("https://example.org/help"));
    Directory directory = Directory.builder("test", "1", GEOGRAPHY).service(contact())
        .service(new Service("ok", "Ok", ORG, Set.of(ServiceKind.TREATMENT),
            Eligibility.anyone(), Coverage.whole(), Optional.empty(), "test", contact))
        .build();

    assertEquals(contact, directory.service("ok").orElseThrow().contact());
    assertTrue(directory.singlePointOfContact().contact().isEmpty());
  }

  @Test
  void geographyRefusesUnknownAndDuplicateCodes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Geography("Bad", List.of(new District("T1", "Alpha", "North", true),
            new District("T1", "Again", "North", true)), Map.of("XX1", "T7")));
    assertTrue(e.getMessage().contains("T1 appears twice") && e.getMessage().contains("T7"),
        e.getMessage());
  }

  @Test
  void outwardCodesAreReadFromAnyWrittenPostcode() {
    assertEquals(Optional.of("SS14"), Geography.outwardCode("ss14 1ab"));
    assertEquals(Optional.of("CM20"), Geography.outwardCode("CM202AB"));
    assertEquals(Optional.of("CO15"), Geography.outwardCode(" CO15 "));
    assertEquals(Optional.of("EC1A"), Geography.outwardCode("EC1A 1BB"));
    assertEquals(Optional.empty(), Geography.outwardCode("not a postcode"));
  }

  @Test
  void essexDirectoryHoldsTheSeedsServicesWithNothingInvented() {
    Directory essex = EssexDirectory.directory();

    assertEquals(12, essex.geography().districts().stream().filter(District::local).count());
    assertEquals(Set.of("North", "Mid", "South", "West"), essex.geography().areas());
    assertEquals("open-road-single-point-of-contact", essex.singlePointOfContact().id());
    assertTrue(essex.services().stream().allMatch(s -> s.endpoint().isEmpty()
        && s.provider().odsCode().isEmpty()));
    assertEquals(Set.of("topaz-ward", "crystal-centre"), Set.copyOf(essex.services().stream()
        .filter(s -> s.eligibility().access() == Access.SPECIALIST_DECISION_ONLY)
        .map(Service::id).toList()));
  }
}
