package org.recoverylink.server.auth;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a token's {@code scope} claim allows, read as SMART Backend Services system scopes
 * (docs/http-api.md "Scopes"): {@code system/Type.read}, {@code system/Type.write} and
 * {@code system/Type.*} (SMART v1), or {@code system/Type.cruds} letters (SMART v2), with
 * {@code *} for every type. Scopes for a patient or a user ({@code patient/}, {@code user/}),
 * those narrowed by a query ({@code ?category=...}, which nothing here could enforce) and
 * anything else unknown allow nothing. Immutable.
 *
 * @param grants the system scopes understood, in the order the claim named them
 */
public record Scopes(List<Grant> grants) {

  /** A FHIR interaction a scope may allow; its SMART v2 letter. */
  public enum Interaction {
    CREATE('c', "create"), READ('r', "read"), UPDATE('u', "update"), DELETE('d', "delete"),
    SEARCH('s', "search");

    private final char letter;
    private final String word;

    Interaction(char letter, String word) {
      this.letter = letter;
      this.word = word;
    }

    public char letter() {
      return letter;
    }

    public String word() {
      return word;
    }

    /** The SMART v1 ending that allows this: {@code read} or {@code write}. */
    public String v1() {
      return this == READ || this == SEARCH ? "read" : "write";
    }
  }

  /**
   * One system scope: a resource type ({@code *}: any) and what it allows on it.
   *
   * @param type         a FHIR resource type, or {@code *}
   * @param interactions what is allowed
   */
  public record Grant(String type, Set<Interaction> interactions) {
    public Grant {
      interactions = Set.copyOf(interactions);
    }
  }

  /** A system scope: the type, then v1's read, write or *, or v2's letters in cruds order. */
  private static final Pattern SYSTEM = Pattern.compile(
      "system/([A-Z][A-Za-z]{0,63}|\\*)\\.(read|write|\\*|c?r?u?d?s?)");
  /** More is no use: a token names a handful of scopes. */
  private static final int MAX_SCOPES = 100;

  public Scopes {
    grants = List.copyOf(grants);
  }

  /**
   * The system scopes of a {@code scope} claim (space-separated, RFC 6749 3.3).
   *
   * @throws TokenRefused when the claim is not such a list
   */
  public static Scopes parse(String claim) {
    String[] words = claim.strip().split(" +");
    if (claim.isBlank() || words.length > MAX_SCOPES
        || claim.chars().anyMatch(c -> c < 0x21 && c != ' ' || c == 0x7f)) {
      throw new TokenRefused("the token's scope claim must be 1 to " + MAX_SCOPES
          + " scopes separated by spaces");
    }
    List<Grant> grants = new ArrayList<>();
    for (String word : words) {
      Matcher scope = SYSTEM.matcher(word);
      if (!scope.matches() || scope.group(2).isEmpty()) {
        continue; // not ours to grant by: allows nothing
      }
      grants.add(new Grant(scope.group(1), interactions(scope.group(2))));
    }
    return new Scopes(grants);
  }

  private static Set<Interaction> interactions(String ending) {
    return switch (ending) {
      case "read" -> EnumSet.of(Interaction.READ, Interaction.SEARCH);
      case "write" -> EnumSet.of(Interaction.CREATE, Interaction.UPDATE, Interaction.DELETE);
      case "*" -> EnumSet.allOf(Interaction.class);
      default -> {
        Set<Interaction> letters = EnumSet.noneOf(Interaction.class);
        for (Interaction interaction : Interaction.values()) {
          if (ending.indexOf(interaction.letter()) >= 0) {
            letters.add(interaction);
          }
        }
        yield letters;
      }
    };
  }

  /** Whether some scope allows this interaction on this resource type. */
  public boolean allow(String type, Interaction interaction) {
    return grants.stream().anyMatch(g -> (g.type().equals("*") || g.type().equals(type))
        && g.interactions().contains(interaction));
  }

  /** Whether any system scope was understood at all. */
  public boolean any() {
    return !grants.isEmpty();
  }

  /** How a scope allowing this is written, v1 and v2: {@code system/Task.read or ...r}. */
  public static String needed(String type, Interaction interaction) {
    return "system/" + type + "." + interaction.v1() + " or system/" + type + "."
        + interaction.letter() + " (" + interaction.word() + ")";
  }
}
