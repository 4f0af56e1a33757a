package org.recoverylink.core.pharmacy.nsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recoverylink.core.pharmacy.nsp.ClientCodeTest.fields;
import static org.recoverylink.core.pharmacy.nsp.ClientCodeTest.problems;

import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.recoverylink.core.pharmacy.Problem;
import org.recoverylink.core.pharmacy.nsp.ClientCode.Sex;

/** Visits to a pharmacy on Monday 2 March 2026, by J. S., born 14 March 1990. */
class NspTransactionTest {

  static final String ID = "3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b";
  static final OffsetDateTime AT = OffsetDateTime.of(2026, 3, 2, 10, 15, 0, 0, ZoneOffset.UTC);
  static final ClientCode CLIENT = new ClientCode("JS", LocalDate.of(1990, 3, 14), Sex.MALE);

  static final List<Item> PICK_AND_MIX = List.of(Item.sized(ItemKind.SYRINGE, "1ml", 20),
      Item.sized(ItemKind.NEEDLE, "25G-16mm", 15), Item.sized(ItemKind.NEEDLE, "23G-25mm", 5),
      Item.of(ItemKind.FILTER, 10), Item.of(ItemKind.WATER, 20),
      Item.sized(ItemKind.SHARPS_BIN, "1L", 1));

  static NspTransaction visit(NspLevel level, List<Item> items, Returns returns) {
    return new NspTransaction(ID, "FA123", AT, CLIENT, level, items, returns,
        Set.of(InjectedSubstance.HEROIN), Set.of(Advice.SAFER_INJECTING), Offers.NONE);
  }

  @Nested
  class Recorded {

    @Test
    void aPickAndMixVisitIsRecordedAsGiven() {
      NspTransaction t = new NspTransaction(ID.toUpperCase(), "fa123", AT, CLIENT,
          NspLevel.LEVEL_2, PICK_AND_MIX, Returns.NONE,
          Set.of(InjectedSubstance.METHAMPHETAMINE, InjectedSubstance.HEROIN),
          Set.of(Advice.WOUND_CARE, Advice.OVERDOSE_PREVENTION), new Offers(
              Offers.Outcome.ACCEPTED, Offers.Outcome.ALREADY_IN_PLACE,
              Offers.Outcome.DECLINED, Offers.Outcome.NOT_OFFERED));
      assertEquals(ID, t.id());
      assertEquals("FA123", t.pharmacy());
      assertEquals(PICK_AND_MIX, t.items());
      assertEquals(40, t.syringesAndNeedles());
      assertEquals(20, t.quantityOf(ItemKind.NEEDLE));
      assertEquals(0, t.packs());
      assertEquals(List.of(InjectedSubstance.HEROIN, InjectedSubstance.METHAMPHETAMINE),
          List.copyOf(t.substances()));
      assertEquals(List.of(Advice.OVERDOSE_PREVENTION, Advice.WOUND_CARE),
          List.copyOf(t.advice()));
    }

    @Test
    void noReturnsChangeNothingInWhatIsGiven() {
      NspTransaction withReturns = visit(NspLevel.LEVEL_2, PICK_AND_MIX, new Returns(2, true));
      NspTransaction without = visit(NspLevel.LEVEL_2, PICK_AND_MIX, Returns.NONE);
      assertEquals(PICK_AND_MIX, without.items());
      assertEquals(withReturns.items(), without.items());
      assertEquals(40, without.syringesAndNeedles());
      assertEquals(Returns.NONE, without.returns());
    }

    @Test
    void aReturnsOnlyVisitIsValid() {
      NspTransaction t = visit(NspLevel.LEVEL_1, List.of(), new Returns(0, true));
      assertEquals(List.of(), t.items());
      assertEquals(0, t.syringesAndNeedles());
      assertTrue(t.returns().any());
    }

    @Test
    void aLevel1PharmacyRecordsPacksAndSharpsBins() {
      NspTransaction t = visit(NspLevel.LEVEL_1, List.of(Item.of(ItemKind.PACK_1ML, 3),
          Item.of(ItemKind.PACK_MIXED, 1), Item.sized(ItemKind.SHARPS_BIN, "0.6L", 1)),
          Returns.NONE);
      assertEquals(4, t.packs());
      assertEquals(0, t.syringesAndNeedles());
    }

    @Test
    void whatWasPassedInCannotChangeItAfterwards() {
      List<Item> items = new ArrayList<>(List.of(Item.of(ItemKind.PACK_2ML, 2)));
      NspTransaction t = visit(NspLevel.LEVEL_1, items, Returns.NONE);
      items.add(Item.of(ItemKind.PACK_2ML, 500));
      assertEquals(2, t.packs());
      assertThrows(UnsupportedOperationException.class, () -> t.items().clear());
      assertThrows(UnsupportedOperationException.class, () -> t.advice().clear());
    }

    @Test
    void theTypeHasNoPlaceForIdentityOrFreeText() {
      RecordComponent[] components = NspTransaction.class.getRecordComponents();
      assertEquals(List.of("id", "pharmacy", "at", "client", "level", "items", "returns",
          "substances", "advice", "offers"),
          Arrays.stream(components).map(RecordComponent::getName).toList());
      assertEquals(List.of("id", "pharmacy"), Arrays.stream(components)
          .filter(c -> c.getType() == String.class).map(RecordComponent::getName).toList());
    }
  }

  @Nested
  class Refused {

    @Test
    void aLevel1PharmacyCannotRecordPickAndMix() {
      List<Problem> problems = problems(() -> visit(NspLevel.LEVEL_1, List.of(
          Item.of(ItemKind.PACK_1ML, 1), Item.sized(ItemKind.SYRINGE, "2ml", 10),
          Item.sized(ItemKind.SHARPS_BIN, "1L", 1), Item.of(ItemKind.FILTER, 10)), Returns.NONE));
      assertEquals(List.of("items[1]", "items[3]"), fields(problems));
      assertEquals("Syringe is pick and mix, given at level 2 or 3; a level 1 pharmacy records"
          + " packs", problems.get(0).message());
    }

    @Test
    void aVisitWithNothingGivenAndNothingReturned() {
      assertEquals(List.of(new Problem("items",
          "a visit gives at least one item, or takes returns only")),
          problems(() -> visit(NspLevel.LEVEL_3, List.of(), Returns.NONE)));
    }

    @Test
    void everyProblemIsListed() {
      Set<Advice> withNull = new HashSet<>();
      withNull.add(null);
      assertEquals(List.of("id", "pharmacy", "at", "client", "level", "items", "returns",
          "substances", "advice", "offers"), fields(problems(() -> new NspTransaction(
              "visit-1", "F-1", null, null, null, null, null, null, withNull, null))));
    }

    @Test
    void aNullItemAndAClientBornAfterTheVisit() {
      List<Item> items = new ArrayList<>();
      items.add(null);
      ClientCode unborn = new ClientCode("JS", LocalDate.of(2026, 3, 3), Sex.FEMALE);
      assertEquals(List.of("client.dateOfBirth", "items[0]"), fields(problems(
          () -> new NspTransaction(ID, "FA123", AT, unborn, NspLevel.LEVEL_2, items,
              Returns.NONE, Set.of(), Set.of(), Offers.NONE))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"FA", "FA12345678X", "FA-12", "FA 123", ""})
    void anOdsCodeIsThreeToTenLettersAndDigits(String ods) {
      assertEquals(List.of("pharmacy"), fields(problems(() -> new NspTransaction(ID, ods, AT,
          CLIENT, NspLevel.LEVEL_1, List.of(Item.of(ItemKind.PACK_1ML, 1)), Returns.NONE,
          Set.of(), Set.of(), Offers.NONE))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3f2b8c1e5d4a4e6f9b7c2a1d0e9f8c7b", "1-1-1-1-1",
        "3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7g", "{3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b}"})
    void anIdIsACanonicalUuid(String id) {
      assertEquals(List.of("id"), fields(problems(() -> new NspTransaction(id, "FA123", AT,
          CLIENT, NspLevel.LEVEL_1, List.of(Item.of(ItemKind.PACK_1ML, 1)), Returns.NONE,
          Set.of(), Set.of(), Offers.NONE))));
    }
  }

  @Nested
  class Items {

    @ParameterizedTest
    @ValueSource(strings = {"0.5ml", "1ml", "2ml", "2.5ml", "10ml"})
    void syringeSizesInMillilitres(String size) {
      assertEquals(Optional.of(size), Item.sized(ItemKind.SYRINGE, size, 1).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 ml", "1.0ml", "0ml", "100ml", "1", "1L", "John"})
    void whatIsNotASyringeSize(String size) {
      assertEquals(List.of("item.size"),
          fields(problems(() -> Item.sized(ItemKind.SYRINGE, size, 1))));
    }

    @Test
    void needlesAndBinsHaveTheirOwnFormats() {
      assertEquals(Optional.of("21G-38mm"), Item.sized(ItemKind.NEEDLE, "21G-38mm", 1).size());
      assertEquals(Optional.of("0.6L"), Item.sized(ItemKind.SHARPS_BIN, "0.6L", 1).size());
      assertEquals(List.of("item.size"),
          fields(problems(() -> Item.sized(ItemKind.NEEDLE, "orange", 1))));
      assertEquals(List.of("item.size"),
          fields(problems(() -> Item.sized(ItemKind.SHARPS_BIN, "1ml", 1))));
    }

    @Test
    void syringesAndNeedlesNeedASizeAndOtherKindsTakeNone() {
      assertEquals(List.of(new Problem("item.size",
          "Syringe: the size is required, in millilitres, e.g. 1ml or 0.5ml")),
          problems(() -> Item.of(ItemKind.SYRINGE, 5)));
      assertEquals(List.of("item.size"), fields(problems(() -> Item.of(ItemKind.NEEDLE, 5))));
      assertEquals(List.of(new Problem("item.size", "Filter: recorded without a size")),
          problems(() -> Item.sized(ItemKind.FILTER, "1ml", 5)));
    }

    @Test
    void quantitiesAreUncappedButATypingErrorIsRefused() {
      assertEquals(1000, Item.of(ItemKind.PACK_1ML, 1000).quantity());
      assertEquals(List.of("item.quantity"),
          fields(problems(() -> Item.of(ItemKind.PACK_1ML, 1001))));
      assertEquals(List.of("item.quantity"),
          fields(problems(() -> Item.of(ItemKind.PACK_1ML, 0))));
    }

    @Test
    void everyProblemOfAnItemIsListed() {
      assertEquals(List.of("item.size", "item.quantity"),
          fields(problems(() -> Item.of(ItemKind.SYRINGE, -1))));
      assertEquals(List.of("item.kind", "item.size", "item.quantity"),
          fields(problems(() -> new Item(null, null, 0))));
    }

    @Test
    void returnsAndOffersCheckThemselves() {
      assertEquals(List.of("returns.sharpsBins"), fields(problems(() -> new Returns(-1, true))));
      assertEquals(List.of("returns.sharpsBins"),
          fields(problems(() -> new Returns(1001, false))));
      assertEquals(List.of("offers.bbvTesting", "offers.naloxone"), fields(problems(
          () -> new Offers(null, Offers.Outcome.NOT_OFFERED, Offers.Outcome.NOT_OFFERED, null))));
    }
  }
}
