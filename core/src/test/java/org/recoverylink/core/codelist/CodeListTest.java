package org.recoverylink.core.codelist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.rules.KnownCondition;

/** Code list files: their header, their table, every problem at once, and matching. */
class CodeListTest {

  private static final String SNOMED = "http://snomed.info/sct";

  private static final String MH = """
      \uFEFF# A list as a deployment would write it, from an OpenCodelists download
      # id: MH_COD
      # condition: serious-mental-illness
      # system: http://snomed.info/sct
      # version: 2024-12-05
      # source: NHS England PCD refset, via OpenCodelists
      # licence: kept as a comment
      code,term
      58214004,Schizophrenia
      "13746004","Bipolar disorder, unspecified"
      58214004,Schizophrenia (again: kept once)
      """;

  @Test
  void aListIsReadFromItsHeaderAndFirstColumn() {
    CodeList list = CodeList.parse("mh_cod.csv", MH);

    assertEquals("MH_COD", list.id());
    assertEquals(KnownCondition.SERIOUS_MENTAL_ILLNESS, list.condition());
    assertEquals(SNOMED, list.system());
    assertEquals("2024-12-05", list.version());
    assertEquals("NHS England PCD refset, via OpenCodelists", list.source());
    assertEquals(Set.of("58214004", "13746004"), list.codes());
    assertTrue(list.contains(SNOMED, "13746004"));
    assertFalse(list.contains(SNOMED, "1374600"));
    assertFalse(list.contains("http://example.org/other", "13746004"));
  }

  @Test
  void everyProblemOfAListIsNamedWithItsLine() {
    CodeListException e = assertThrows(CodeListException.class, () -> CodeList.parse("bad.csv",
        """
        # id: BAD
        # condition: unhappiness
        # system: http://snomed.info/sct
        code,term
        58214004,Schizophrenia
        F20,an ICD-10 code in a SNOMED list
        12,too short
        """));

    assertEquals(List.of("bad.csv:6: \"F20\" is not a code of http://snomed.info/sct",
        "bad.csv:7: \"12\" is not a code of http://snomed.info/sct",
        "bad.csv: the header has no \"# version: ...\" line",
        "bad.csv: the header has no \"# source: ...\" line",
        "bad.csv: condition \"unhappiness\" is none of [serious-mental-illness,"
            + " alcohol-related-condition, substance-misuse, common-mental-disorder]"),
        e.problems());
  }

  @Test
  void aListWithoutATableOrCodesIsRefused() {
    String header = "# id: X\n# condition: substance-misuse\n# system: " + SNOMED
        + "\n# version: 1\n# source: here\n";

    assertEquals(List.of("empty.csv: no table: a row naming the columns, then one code per row"),
        assertThrows(CodeListException.class, () -> CodeList.parse("empty.csv", header))
            .problems());
    assertEquals(List.of("none.csv: the list has no codes"), assertThrows(
        CodeListException.class, () -> CodeList.parse("none.csv", header + "code\n"))
        .problems());
  }

  @Test
  void icd10CodesMatchDownTheirHierarchyWithOrWithoutTheDot() {
    CodeList list = CodeList.parse("icd.csv", """
        # id: ICD
        # condition: substance-misuse
        # system: http://hl7.org/fhir/sid/icd-10
        # version: 2019
        # source: here
        code,term
        F10,Alcohol
        f11.2,Opioid dependence (lower case and a dot in the list)
        F19X,UK filler
        """);

    assertEquals(Set.of("F10", "F112", "F19"), list.codes());
    for (String code : List.of("F10", "F10.2", "F102", "F10.24", "f10.2", " F10.2 ", "F11.2",
        "F112", "F19.9", "F19X")) {
      assertTrue(list.contains("http://hl7.org/fhir/sid/icd-10", code), code);
      assertTrue(list.contains("http://hl7.org/fhir/sid/icd-10-uk", code), code);
    }
    for (String code : List.of("F11", "F11.1", "F1", "F17", "K70")) {
      assertFalse(list.contains("http://hl7.org/fhir/sid/icd-10", code), code);
    }
    assertFalse(list.contains(SNOMED, "F10"));
  }

  @Test
  void aFolderOfListsReplacesTheShippedOnesAndReportsEveryFilesProblems(@TempDir Path folder)
      throws Exception {
    Files.writeString(folder.resolve("mh_cod.csv"), MH, StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("notes.txt"), "not a list", StandardCharsets.UTF_8);
    CodeLists lists = CodeLists.read(folder);

    assertEquals(List.of("MH_COD"), lists.lists().stream().map(CodeList::id).toList());
    assertEquals("SNOMED CT 58214004 in MH_COD 2024-12-05",
        lists.match(SNOMED, "58214004").get(0).toString());
    assertEquals(List.of(), lists.match(SNOMED, "35489007"));

    Files.writeString(folder.resolve("a.csv"), "code\n1\n", StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("b.csv"), "# id: B\n", StandardCharsets.UTF_8);
    CodeListException e = assertThrows(CodeListException.class, () -> CodeLists.read(folder));
    assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("a.csv:")), e.getMessage());
    assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("b.csv:")), e.getMessage());
  }

  @Test
  void anEmptyFolderIsNotASetOfLists(@TempDir Path folder) {
    assertThrows(CodeListException.class, () -> CodeLists.read(folder));
  }

  @Test
  void aCodeOnTwoListsMeansBoth() {
    CodeLists lists = CodeLists.of(List.of(CodeList.parse("mh.csv", MH),
        CodeList.parse("depr.csv", """
            # id: DEPR
            # condition: common-mental-disorder
            # system: http://snomed.info/sct
            # version: 1
            # source: here
            code
            13746004
            """)));

    assertEquals(List.of(KnownCondition.SERIOUS_MENTAL_ILLNESS,
        KnownCondition.COMMON_MENTAL_DISORDER), lists.match(SNOMED, "13746004").stream()
        .map(r -> r.condition()).toList());
  }

  @Test
  void everyShippedListSaysWhereItCameFrom() {
    List<CodeList> shipped = CodeLists.defaults().lists();

    assertFalse(shipped.isEmpty());
    for (CodeList list : shipped) {
      assertFalse(list.source().isBlank(), list.id());
      assertFalse(list.version().isBlank(), list.id());
      assertFalse(list.codes().isEmpty(), list.id());
    }
    for (KnownCondition condition : KnownCondition.values()) {
      assertTrue(shipped.stream().anyMatch(l -> l.condition() == condition && l.isIcd10()),
          "an ICD-10 list for " + condition);
    }
    for (KnownCondition condition : List.of(KnownCondition.SERIOUS_MENTAL_ILLNESS,
        KnownCondition.COMMON_MENTAL_DISORDER, KnownCondition.SUBSTANCE_MISUSE)) {
      assertTrue(shipped.stream().anyMatch(l -> l.condition() == condition
          && l.system().equals(SNOMED)), "a SNOMED CT list for " + condition);
    }
  }
}
