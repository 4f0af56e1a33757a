package org.recoverylink.server.conformance;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Patient;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.fhir.assessment.FhirAssessor;
import org.recoverylink.fhir.assessment.Forms;
import org.recoverylink.fhir.assessment.ResultBundle;
import org.recoverylink.fhir.pharmacy.Examples;
import org.recoverylink.fhir.pharmacy.NspResources;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.server.hub.Tasks;
import org.recoverylink.server.store.ReferralStore;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.recoverylink.core.pharmacy.ost.Contact;
import org.recoverylink.core.pharmacy.ost.InstalmentSchedule;
import org.recoverylink.core.pharmacy.ost.OstEvent;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.fhir.pharmacy.ost.OstResources;
import org.recoverylink.fhir.referral.Referrals;

/**
 * Reading inputs against our profiles from the definitions' snapshots ({@link
 * InputProfiles}) held against HAPI's profile validator ({@link ValidatorProfiles}) over the
 * same definitions: a valid input of each kind, then every variant of it with one element
 * taken out or one element repeated, must be refused by both or by neither.
 */
class InputProfilesAgreementTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final InputProfiles OURS = InputProfiles.load(FHIR).warmUp();
  private static final ValidatorProfiles HAPI = ValidatorProfiles.load(FHIR);

  static Stream<Arguments> inputs() {
    return Stream.of(
        Arguments.of(Profiled.REFERRAL, (Supplier<Resource>) () -> Referrals.referral("R-1")),
        Arguments.of(Profiled.OST_PRESCRIPTION, (Supplier<Resource>) () ->
            OstResources.write(methadone())),
        Arguments.of(Profiled.OST_DISPENSE, (Supplier<Resource>) () ->
            OstResources.dispensed(methadone(), new OstEvent.Dispensed("rx-1",
                LocalDate.of(2026, 3, 2), List.of(LocalDate.of(2026, 3, 2)), true,
                new BigDecimal("60")), UUID.fromString("6f1c2a9e-8b3d-4e5f-9a7b-2c4d6e8f0a1b"),
                "FA123")),
        Arguments.of(Profiled.NALOXONE_SUPPLY_PARAMETERS,
            (Supplier<Resource>) InputProfilesTest::naloxoneSupply),
        Arguments.of(Profiled.PRESCRIBER_REVIEW_PARAMETERS,
            (Supplier<Resource>) InputProfilesAgreementTest::review),
        Arguments.of(Profiled.NSP_TRANSACTION_PARAMETERS, (Supplier<Resource>) () ->
            NspResources.toParameters(Examples.fullVisit("FA123"))),
        Arguments.of(Profiled.ROUTE_PARAMETERS,
            (Supplier<Resource>) InputProfilesAgreementTest::route),
        Arguments.of(Profiled.REFERRAL_TASK,
            (Supplier<Resource>) InputProfilesAgreementTest::task));
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void everyVariantWithOneElementOutOrRepeatedIsRefusedByBothOrNeither(String profile,
      Supplier<Resource> valid) {
    assertEquals(List.of(), errors(HAPI::check, valid.get(), profile), "the seed is valid");
    List<String> disagreements = new ArrayList<>();
    int variants = 0;
    for (List<Step> path : paths(valid.get(), List.of())) {
      for (boolean remove : new boolean[] {true, false}) {
        Resource variant = valid.get();
        if (!change(variant, path, remove)) {
          continue;
        }
        variants++;
        Resource sent = InputProfilesTest.sent(variant);
        List<String> hapi = errors(HAPI::check, sent, profile);
        List<String> ours = errors(OURS::check, sent, profile);
        if (hapi.isEmpty() != ours.isEmpty()) {
          disagreements.add((remove ? "without " : "twice ") + path + ": HAPI " + hapi
              + ", ours " + ours);
        }
      }
    }
    assertTrue(variants > 10, "variants: " + variants);
    assertEquals(List.of(), disagreements, disagreements.size() + " of " + variants);
  }

  private static List<String> errors(BiConsumer<Resource, String> check, Resource input,
      String profile) {
    try {
      check.accept(input, profile);
      return List.of();
    } catch (InvalidFhirInputException e) {
      return e.issues().stream().map(Object::toString).toList();
    }
  }

  /** A step from an element to one of its children: the child's name and its index. */
  record Step(String name, int index) {
    @Override
    public String toString() {
      return name + "[" + index + "]";
    }
  }

  /** The path to every element in {@code at}, depth first. */
  private static List<List<Step>> paths(Base at, List<Step> to) {
    List<List<Step>> all = new ArrayList<>();
    for (Property property : at.children()) {
      String name = property.getName().replace("[x]", "");
      List<Base> values = property.getValues();
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i) == null || values.get(i).isEmpty()) {
          continue;
        }
        List<Step> path = new ArrayList<>(to);
        path.add(new Step(name, i));
        all.add(path);
        if (!(values.get(i) instanceof PrimitiveType<?> primitive) || primitive.hasExtension()) {
          all.addAll(paths(values.get(i), path));
        }
      }
    }
    return all;
  }

  /** Takes the element at {@code path} out, or adds a copy of it; false if it cannot. */
  private static boolean change(Resource resource, List<Step> path, boolean remove) {
    Base parent = resource;
    for (Step step : path.subList(0, path.size() - 1)) {
      parent = parent.getProperty(step.name().hashCode(), step.name(), false)[step.index()];
    }
    Step last = path.get(path.size() - 1);
    Base value = parent.getProperty(last.name().hashCode(), last.name(), false)[last.index()];
    try {
      if (remove) {
        parent.removeChild(last.name(), value);
      } else {
        parent.setProperty(last.name(), value.copy()); // a list adds it; a single one stays
      }
      return true;
    } catch (RuntimeException e) { // an element HAPI's model cannot take out or repeat
      return false;
    }
  }

  private static OstPrescription methadone() {
    return new OstPrescription("rx-1", "9434765919", OstMedicine.METHADONE,
        new BigDecimal("60"), InstalmentSchedule.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY,
        FRIDAY, SATURDAY), Optional.of(LocalDate.of(2026, 3, 31)), LocalDate.of(2026, 3, 2),
        LocalDate.of(2026, 3, 15), new Contact(Contact.Role.GP_SHARED_CARE_PRESCRIBER,
        "Dr A Patel", "F81001"), new Contact(Contact.Role.KEYWORKER, "Sam Jones",
        "phoenix-futures"));
  }

  private static Parameters review() {
    Parameters review = new Parameters();
    review.addParameter().setName("prescription").setValue(new StringType("rx-1"));
    review.addParameter().setName("date").setValue(new DateType("2026-03-09"));
    review.addParameter().setName("id").setValue(new StringType(
        "8a8f6e3e-4b0f-4c36-9d0e-2b7b5f0d6c11"));
    return review;
  }

  /** A $route input with everything it takes: the person, an assessment and the source. */
  private static Parameters route() {
    Parameters route = new Parameters();
    route.addParameter().setName("patient").setResource(new Patient()
        .setBirthDateElement(new DateType("1979-06-01"))
        .addAddress(new Address().setPostalCode("CO15 1AA")));
    route.addParameter().setName("assessment").setResource(ResultBundle.of(
        new FhirAssessor(Assessor.standard()).assess(Map.of("QuestionnaireResponse",
            Forms.fill(Questionnaires.find("audit").orElseThrow(), true)), List.of(),
            Set.of())));
    route.addParameter().setName("referral-source").setValue(new CodeType("gp"));
    return route;
  }

  /** A referral's Task as a provider sends it back: declined, with a reason, a note, escalated. */
  private static Resource task() {
    Directory directory = EssexDirectory.directory();
    Instant created = Instant.parse("2026-03-02T09:00:00Z");
    return Tasks.toFhir(new ReferralStore.Task("t-1", "r-1",
        directory.services().get(0).id(), "FA123", "F81001", "rejected", "delivered",
        Optional.of("Outside our area"), Optional.of("Phoned the practice"), 3, created,
        created.plusSeconds(3600), Optional.of(created.plusSeconds(1800))), "9434765919",
        directory);
  }
}
