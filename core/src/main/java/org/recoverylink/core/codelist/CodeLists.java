package org.recoverylink.core.codelist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.recoverylink.core.rules.RecordedCondition;

/**
 * The code lists that say which recorded diagnoses mean which known condition: the shipped
 * defaults ({@link #defaults()}, built from the NHS England primary care domain reference sets
 * that QOF uses, and ICD-10 categories), or a deployment's own folder of lists
 * ({@link #read(Path)}). A code in no list is simply not a known condition. Immutable and
 * thread-safe.
 */
public final class CodeLists {

  /** The shipped lists, in the resources beside this class, named in {@code lists.txt}. */
  private static final String DEFAULTS = "lists.txt";

  private final List<CodeList> lists;
  /** Exact codes (SNOMED CT and others) by system, then code: the lists holding each. */
  private final Map<String, Map<String, List<CodeList>>> exact = new HashMap<>();
  private final List<CodeList> icd10 = new ArrayList<>();

  private CodeLists(List<CodeList> lists) {
    this.lists = List.copyOf(lists);
    for (CodeList list : this.lists) {
      if (list.isIcd10()) {
        icd10.add(list);
        continue;
      }
      Map<String, List<CodeList>> bySystem = exact.computeIfAbsent(list.system(),
          s -> new HashMap<>());
      for (String code : list.codes()) {
        bySystem.computeIfAbsent(code, c -> new ArrayList<>(1)).add(list);
      }
    }
  }

  /** These lists. */
  public static CodeLists of(List<CodeList> lists) {
    return new CodeLists(Objects.requireNonNull(lists, "lists"));
  }

  /** The lists shipped with RecoveryLink (read once, when first asked for). */
  public static CodeLists defaults() {
    return Shipped.LISTS;
  }

  /** Holds the shipped lists: the JVM reads them once, on first use, without a lock of ours. */
  private static final class Shipped {
    static final CodeLists LISTS = new CodeLists(shipped());
  }

  /**
   * Every {@code *.csv} list in a folder, which replace the shipped ones.
   *
   * @throws CodeListException listing every problem of every file (or an empty folder)
   * @throws IOException when the folder cannot be read
   */
  public static CodeLists read(Path folder) throws IOException {
    List<Path> files;
    try (Stream<Path> found = Files.list(folder)) {
      files = found.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList();
    }
    List<String> problems = new ArrayList<>();
    List<CodeList> lists = new ArrayList<>();
    for (Path file : files) {
      try {
        lists.add(CodeList.parse(file.getFileName().toString(),
            Files.readString(file, StandardCharsets.UTF_8)));
      } catch (CodeListException e) {
        problems.addAll(e.problems());
      }
    }
    if (files.isEmpty()) {
      problems.add(folder + ": no code lists (*.csv) in it");
    }
    if (!problems.isEmpty()) {
      throw new CodeListException(problems);
    }
    return new CodeLists(lists);
  }

  /** Every list, in the order read. */
  public List<CodeList> lists() {
    return lists;
  }

  /**
   * What a recorded code means: one entry per list that holds it (a severe depression with
   * psychosis is on both the serious-mental-illness and the depression lists); empty when no
   * list does.
   */
  public List<RecordedCondition> match(String system, String code) {
    if (system == null || code == null) {
      return List.of();
    }
    List<RecordedCondition> found = new ArrayList<>(1);
    if (CodeList.isIcd10(system)) {
      for (CodeList list : icd10) {
        if (list.contains(system, code)) {
          found.add(list.recorded(system, code));
        }
      }
      return found;
    }
    Map<String, List<CodeList>> bySystem = exact.get(system);
    List<CodeList> holding = bySystem == null ? null : bySystem.get(code.trim());
    if (holding != null) {
      holding.forEach(list -> found.add(list.recorded(system, code)));
    }
    return found;
  }

  private static List<CodeList> shipped() {
    List<CodeList> lists = new ArrayList<>();
    for (String name : resource(DEFAULTS).split("\n")) {
      if (!name.isBlank() && !name.startsWith("#")) {
        lists.add(CodeList.parse(name.strip(), resource(name.strip())));
      }
    }
    return lists;
  }

  private static String resource(String name) {
    try (InputStream in = CodeLists.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the shipped code list " + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
