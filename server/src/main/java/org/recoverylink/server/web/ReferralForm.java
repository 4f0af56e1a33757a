package org.recoverylink.server.web;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.patient.NhsNumber;
import org.recoverylink.core.rules.Coded;

/**
 * The referral's questions, one page each (a few related fields share one), their checks and
 * where each leads; the answers live in the {@link Journey}. The order: who is referring, for
 * someone else whether the person agrees (without it, family and carer support instead), the
 * referrer, the person, substances, circumstances, urgent risk, safe contact, consent, then
 * check your answers.
 */
final class ReferralForm {

  static final String BASE = "/refer/";
  /** The answer that marks a step as answered whole; no field has this name. */
  private static final String DONE = "done:";

  /** Longest answers taken: a longer one is an error, never cut. */
  static final int NAME = 100;
  static final int POSTCODE = 10;
  static final int NHS_NUMBER = 12;
  static final int PHONE = 20;
  static final int EMAIL = 254;
  static final int SHORT_TEXT = 200;
  static final int LONG_TEXT = 1000;

  private static final Pattern POSTCODE_SHAPE = Pattern.compile(
      "[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}");
  private static final Pattern PHONE_SHAPE = Pattern.compile("\\+?[0-9 ()-]{10,20}");
  private static final Pattern EMAIL_SHAPE = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /** Agencies that refer, each with the referral source the router and the report hear. */
  enum Agency {
    POLICE("police", "Police", ReferralSource.CRIMINAL_JUSTICE),
    PROBATION("probation", "Probation service", ReferralSource.CRIMINAL_JUSTICE),
    FIRE_SERVICE("fire-service", "Fire and rescue service (for example a community"
        + " wellbeing officer)", ReferralSource.COMMUNITY_WELLBEING_OFFICER),
    HOUSING("housing", "Housing or homelessness service", ReferralSource.OTHER),
    SOCIAL_CARE("social-care", "Social care", ReferralSource.SOCIAL_SERVICES),
    PEER_OUTREACH("peer-outreach", "Peer support or outreach", ReferralSource.OTHER),
    OTHER("other-agency", "Another organisation", ReferralSource.OTHER);

    final String code;
    final String label;
    final ReferralSource source;

    Agency(String code, String label, ReferralSource source) {
      this.code = code;
      this.label = label;
      this.source = source;
    }

    static Optional<Agency> of(String code) {
      return Arrays.stream(values()).filter(a -> a.code.equals(code)).findFirst();
    }
  }

  /** The steps in order; which apply depends on who is referring. */
  static final List<String> STEPS = List.of("who", "agreement", "referrer", "person",
      "substances", "circumstances", "safety", "contact", "consent", "check");

  private ReferralForm() {
  }

  static boolean isStep(String step) {
    return STEPS.contains(step);
  }

  /** Who is referring: {@code self}, {@code other} or {@code agency}; empty if not answered. */
  static String who(Journey journey) {
    return journey.answer("who");
  }

  /** Whether {@code step} is asked of this journey. */
  static boolean applies(Journey journey, String step) {
    return switch (step) {
      case "agreement" -> who(journey).equals("other");
      case "referrer" -> !who(journey).equals("self");
      default -> true;
    };
  }

  /** The step after {@code step}, skipping those that do not apply. */
  static String next(Journey journey, String step) {
    for (int i = STEPS.indexOf(step) + 1; i < STEPS.size(); i++) {
      if (applies(journey, STEPS.get(i))) {
        return STEPS.get(i);
      }
    }
    return "check";
  }

  /** The step before {@code step}, for the back link; empty before the first. */
  static String previous(Journey journey, String step) {
    for (int i = STEPS.indexOf(step) - 1; i >= 0; i--) {
      if (applies(journey, STEPS.get(i))) {
        return BASE + STEPS.get(i);
      }
    }
    return "/";
  }

  /** The first step not yet answered before {@code step}, if any: no skipping ahead. */
  static Optional<String> missingBefore(Journey journey, String step) {
    for (String earlier : STEPS.subList(0, STEPS.indexOf(step))) {
      if (applies(journey, earlier) && !answered(journey, earlier)) {
        return Optional.of(earlier);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the step's answers were accepted as a whole (a page sent with problems keeps what
   * was typed, to show it again, but is not answered).
   */
  private static boolean answered(Journey journey, String step) {
    return switch (step) {
      case "agreement" -> journey.answer("agreement").equals("yes") && done(journey, step);
      case "check" -> true;
      default -> done(journey, step);
    };
  }

  private static boolean done(Journey journey, String step) {
    return !journey.answer(DONE + step).isEmpty();
  }

  /** Marks {@code step} as answered whole. */
  static void done(Journey journey, String step, boolean done) {
    if (done) {
      journey.put(DONE + step, "yes");
    } else {
      journey.remove(DONE + step);
    }
  }

  private static String person(Journey journey) {
    return who(journey).equals("self") ? "you" : "the person";
  }

  private static String persons(Journey journey) {
    return who(journey).equals("self") ? "your" : "the person's";
  }

  /** The answer for a person whose district is unknown or outside the area. */
  static final String NO_DISTRICT = "unknown";

  /**
   * The form of {@code step} with the answers so far and {@code errors}; {@code districts} are
   * the directory's, offered when the postcode is not known.
   */
  static View.Form form(Journey journey, String step, Map<String, String> errors,
      List<District> districts, String area) {
    View.Page page = new View.Page(title(journey, step), journey.csrf(),
        previous(journey, step), problems(step, errors));
    String action = BASE + step;
    String caption = switch (who(journey)) {
      case "other" -> "Referring someone else";
      case "agency" -> "Referring as a professional";
      case "self" -> "Referring yourself";
      default -> "";
    };
    return switch (step) {
      case "who" -> new View.Form(page, "", title(journey, step), List.of(), List.of(
          radios("who", "", List.of(
              choice("self", "Myself", "I want help with my own drinking or drug use"),
              choice("other", "Someone else", "A family member, partner or friend"),
              choice("agency", "As a professional", "For example police, probation, fire"
                  + " service, housing or outreach")), journey, errors)),
          action, "Continue");
      case "agreement" -> new View.Form(page, caption, title(journey, step), List.of("A"
          + " service can only contact someone who has agreed to be referred."), List.of(
          radios("agreement", "", List.of(choice("yes", "Yes, they know and agree", ""),
              choice("no", "No, or I am not sure", "")), journey, errors)), action,
          "Continue");
      case "referrer" -> new View.Form(page, caption, title(journey, step), List.of(),
          referrerFields(journey, errors), action, "Continue");
      case "person" -> new View.Form(page, caption, title(journey, step), List.of(), List.of(
          text("given-name", "First name", "", NAME, "given-name", "", journey, errors),
          text("family-name", "Last name", "", NAME, "family-name", "", journey, errors),
          date("birth", "Date of birth", "For example, 15 3 1984", journey, errors),
          text("postcode", "Postcode", "Where " + person(journey) + " live"
              + (who(journey).equals("self") ? "" : "s") + ". This finds the right local"
              + " service. If you do not know it, leave it empty and choose the district"
              + " below.", POSTCODE, "postal-code", "", journey, errors),
          radios("district", "Only if you leave the postcode empty. A postcode is used"
              + " first.", districtChoices(districts, area), journey, errors,
              "If you do not know the postcode, which district " + (who(journey).equals("self")
              ? "do you live in?" : "does the person live in?")),
          text("nhs-number", "NHS number (optional)", "A 10 digit number, like 485 777 3456."
              + " Leave it empty if you do not know it.", NHS_NUMBER, "off", "numeric",
              journey, errors)), action, "Continue");
      case "substances" -> new View.Form(page, caption, title(journey, step), List.of(),
          List.of(checkboxes("substances", "Select all that apply. Put the main one first by"
              + " choosing only it if unsure.", Arrays.stream(Substance.values())
              .map(s -> choice(s.code(), s.display(), "")).toList(), journey, errors)),
          action, "Continue");
      case "circumstances" -> new View.Form(page, caption, title(journey, step), List.of(
          "This helps us choose the service that fits best. Leave them all unselected if none"
          + " apply."), List.of(
          checkboxes("circumstances", "", List.of(
              choice(Circumstance.PREGNANT.code(), "Pregnant", ""),
              choice(Circumstance.INJECTING.code(), "Injects drugs", ""),
              choice(Circumstance.PRISON_RELEASE.code(), "Left prison recently", ""),
              choice(Circumstance.CRIMINAL_JUSTICE.code(), "In contact with police, courts or"
                  + " probation", ""),
              choice(Circumstance.NO_FIXED_ABODE.code(), "Has nowhere settled to live", ""),
              choice(Circumstance.HOUSING_PROBLEM.code(), "Has a housing problem", ""),
              choice(Circumstance.PARENT_OR_CARER.code(), "Is a parent or carer", ""),
              choice("mental-health", "Has worries about mental health", "")),
              journey, errors, "Select all that apply"),
          textarea("story", "Anything else the service should know (optional)", "In your own"
              + " words. Up to " + LONG_TEXT + " characters.", journey, errors)), action,
          "Continue");
      case "safety" -> new View.Form(page, caption, title(journey, step), List.of(), List.of(
          radios("urgent", "For example thinking about suicide or self-harm, or having"
              + " symptoms after stopping drinking suddenly.", List.of(choice("yes", "Yes", ""),
              choice("no", "No", "")), journey, errors)), action, "Continue");
      case "contact" -> new View.Form(page, caption, title(journey, step), List.of("The"
          + " service will only use the ways you mark as safe."), List.of(
          checkboxes("channels", "Select all that are safe. If none is, the service will"
              + " contact " + (who(journey).equals("self") ? "you through your GP"
              : "the referrer") + ".", List.of(choice("call", "Phone call", ""),
              choice("text", "Text message", ""), choice("email", "Email", "")), journey,
              errors, "Which ways of contact are safe?"),
          text("phone", "Phone number", "Needed for calls or texts", PHONE, "tel", "tel",
              journey, errors),
          text("email", "Email address", "Needed for email", EMAIL, "email", "email", journey,
              errors),
          text("safe-times", "When is it safe to contact " + person(journey) + "? (optional)",
              "For example, weekday mornings", SHORT_TEXT, "off", "", journey, errors),
          radios("leave-message", "", List.of(choice("yes", "Yes", ""), choice("no", "No",
              "")), journey, errors, "May the service leave a message?")), action,
          "Continue");
      case "consent" -> new View.Form(page, caption, title(journey, step), List.of(
          "Your answers will be sent to one drug and alcohol service in Essex (or the right"
          + " service for where " + person(journey) + " live" + (who(journey).equals("self")
          ? "" : "s") + "), chosen by the same rules GPs use. They are kept as part of the"
          + " referral, and used for nothing else."), List.of(
          checkboxes("consent", "", List.of(choice("yes", who(journey).equals("self")
              ? "I agree to my answers being shared with the service chosen"
              : "The person has agreed to this referral and to their answers being shared"
                  + " with the service chosen", "")), journey, errors)), action,
          "Continue");
      default -> throw new IllegalArgumentException("no form for " + step);
    };
  }

  private static List<View.Choice> districtChoices(List<District> districts, String area) {
    List<View.Choice> choices = new ArrayList<>();
    districts.forEach(d -> choices.add(choice(d.code(), d.name(), "")));
    choices.add(choice(NO_DISTRICT, "I do not know, or outside " + area, ""));
    return choices;
  }

  static String title(Journey journey, String step) {
    return switch (step) {
      case "who" -> "Who are you making a referral for?";
      case "agreement" -> "Does the person know about this referral and agree to it?";
      case "referrer" -> who(journey).equals("agency") ? "About you and your organisation"
          : "About you";
      case "person" -> who(journey).equals("self") ? "About you" : "About the person";
      case "substances" -> who(journey).equals("self")
          ? "What do you want help with?" : "What does the person want help with?";
      case "circumstances" -> "Does any of this apply to " + person(journey) + "?";
      case "safety" -> who(journey).equals("self") ? "Are you at risk of harm right now?"
          : "Is the person at risk of harm right now?";
      case "contact" -> "How can the service contact " + person(journey) + " safely?";
      case "consent" -> "Sharing " + persons(journey) + " answers";
      case "check" -> "Check your answers";
      default -> "Make a referral";
    };
  }

  private static List<View.Field> referrerFields(Journey journey, Map<String, String> errors) {
    List<View.Field> fields = new ArrayList<>();
    fields.add(text("referrer-name", "Your name", "", NAME, "name", "", journey, errors));
    if (who(journey).equals("agency")) {
      fields.add(radios("agency", "", Arrays.stream(Agency.values())
          .map(a -> choice(a.code, a.label, "")).toList(), journey, errors,
          "Which kind of organisation are you from?"));
      fields.add(text("organisation", "Organisation", "", SHORT_TEXT, "organization", "",
          journey, errors));
      fields.add(text("role", "Your role", "", NAME, "organization-title", "", journey,
          errors));
    } else {
      fields.add(text("relationship", "Your relationship to the person", "For example,"
          + " mother, partner, friend", NAME, "off", "", journey, errors));
    }
    fields.add(text("referrer-contact", "Your phone number or email address", "So the service"
        + " can contact you about the referral", EMAIL, "off", "", journey, errors));
    return fields;
  }

  /**
   * Checks the answers to {@code step} and keeps them in the journey; the problems by field,
   * none when they are accepted.
   */
  static Map<String, String> accept(Journey journey, String step,
      Map<String, List<String>> posted, LocalDate today, List<District> districts) {
    Map<String, String> errors = new java.util.LinkedHashMap<>();
    switch (step) {
      case "who" -> oneOf(journey, posted, "who", Set.of("self", "other", "agency"),
          "Select who you are making a referral for", errors);
      case "agreement" -> oneOf(journey, posted, "agreement", Set.of("yes", "no"),
          "Select whether the person knows about this referral and agrees to it", errors);
      case "referrer" -> {
        required(journey, posted, "referrer-name", NAME, "Enter your name", errors);
        if (who(journey).equals("agency")) {
          oneOf(journey, posted, "agency", Set.of(Arrays.stream(Agency.values())
              .map(a -> a.code).toArray(String[]::new)), "Select the kind of organisation you"
              + " are from", errors);
          required(journey, posted, "organisation", SHORT_TEXT, "Enter your organisation",
              errors);
          required(journey, posted, "role", NAME, "Enter your role", errors);
        } else {
          required(journey, posted, "relationship", NAME, "Enter your relationship to the"
              + " person", errors);
        }
        required(journey, posted, "referrer-contact", EMAIL, "Enter your phone number or email"
            + " address", errors);
      }
      case "person" -> {
        required(journey, posted, "given-name", NAME, "Enter " + persons(journey)
            + " first name", errors);
        required(journey, posted, "family-name", NAME, "Enter " + persons(journey)
            + " last name", errors);
        birthDate(journey, posted, today, errors);
        postcode(journey, posted, districts, errors);
        nhsNumber(journey, posted, errors);
      }
      case "substances" -> codes(journey, posted, "substances", Substance.class, true,
          "Select at least one thing " + person(journey) + " want"
              + (who(journey).equals("self") ? "" : "s") + " help with", errors);
      case "circumstances" -> {
        List<String> given = posted.getOrDefault("circumstances", List.of());
        List<String> known = new ArrayList<>();
        for (String code : given) {
          if (code.equals("mental-health")
              || Coded.fromCode(Circumstance.class, code).isPresent()) {
            known.add(code);
          } else {
            errors.put("circumstances", "Select only the choices shown");
          }
        }
        bounded(journey, posted, "story", LONG_TEXT, errors);
        if (errors.isEmpty()) {
          journey.put("circumstances", known);
        }
      }
      case "safety" -> oneOf(journey, posted, "urgent", Set.of("yes", "no"), "Select yes if "
          + person(journey) + (who(journey).equals("self") ? " are" : " is")
          + " at risk of harm right now", errors);
      case "contact" -> contact(journey, posted, errors);
      case "consent" -> {
        List<String> given = posted.getOrDefault("consent", List.of());
        if (!given.equals(List.of("yes"))) {
          errors.put("consent", who(journey).equals("self")
              ? "Select that you agree to your answers being shared, to send a referral"
              : "Select that the person has agreed, to send a referral");
        } else {
          journey.put("consent", "yes");
        }
      }
      default -> throw new IllegalArgumentException("no form for " + step);
    }
    done(journey, step, errors.isEmpty());
    return errors;
  }

  private static void contact(Journey journey, Map<String, List<String>> posted,
      Map<String, String> errors) {
    List<String> channels = posted.getOrDefault("channels", List.of());
    if (!Set.of("call", "text", "email").containsAll(channels)) {
      errors.put("channels", "Select only the choices shown");
    }
    String phone = single(posted, "phone");
    String email = single(posted, "email");
    if (phone.length() > PHONE) {
      errors.put("phone", "Phone number must be " + PHONE + " characters or fewer");
    } else if ((channels.contains("call") || channels.contains("text")) && phone.isEmpty()) {
      errors.put("phone", "Enter a phone number, or do not select calls or texts");
    } else if (!phone.isEmpty() && !PHONE_SHAPE.matcher(phone).matches()) {
      errors.put("phone", "Enter a phone number, like 01632 960 001 or 07700 900 982");
    }
    if (email.length() > EMAIL) {
      errors.put("email", "Email address must be " + EMAIL + " characters or fewer");
    } else if (channels.contains("email") && email.isEmpty()) {
      errors.put("email", "Enter an email address, or do not select email");
    } else if (!email.isEmpty() && !EMAIL_SHAPE.matcher(email).matches()) {
      errors.put("email", "Enter an email address in the correct format, like"
          + " name@example.com");
    }
    bounded(journey, posted, "safe-times", SHORT_TEXT, errors);
    String leave = single(posted, "leave-message");
    if (!Set.of("yes", "no").contains(leave)) {
      errors.put("leave-message", "Select whether the service may leave a message");
    }
    if (errors.isEmpty()) {
      journey.put("channels", channels);
      journey.put("phone", phone);
      journey.put("email", email);
      journey.put("leave-message", leave);
    }
  }

  private static void birthDate(Journey journey, Map<String, List<String>> posted,
      LocalDate today, Map<String, String> errors) {
    String day = single(posted, "birth-day");
    String month = single(posted, "birth-month");
    String year = single(posted, "birth-year");
    journey.put("birth", List.of(day, month, year));
    if (day.isEmpty() || month.isEmpty() || year.isEmpty()) {
      errors.put("birth", "Enter " + persons(journey) + " full date of birth");
      return;
    }
    try {
      LocalDate date = LocalDate.of(Integer.parseInt(year), Integer.parseInt(month),
          Integer.parseInt(day));
      if (date.isAfter(today)) {
        errors.put("birth", "Date of birth must be in the past");
      } else if (date.isBefore(today.minusYears(120))) {
        errors.put("birth", "Enter a real date of birth");
      } else if (year.length() != 4) {
        errors.put("birth", "Year must include 4 numbers");
      }
    } catch (NumberFormatException | DateTimeException e) {
      errors.put("birth", "Date of birth must be a real date");
    }
  }

  /** The date of birth answered, once accepted. */
  static LocalDate birthDate(Journey journey) {
    List<String> parts = journey.answers("birth");
    return LocalDate.of(Integer.parseInt(parts.get(2)), Integer.parseInt(parts.get(1)),
        Integer.parseInt(parts.get(0)));
  }

  /**
   * The postcode, or when it is empty the district chosen (a known district's ONS code, or
   * {@link #NO_DISTRICT}); a postcode given wins and the district is forgotten.
   */
  private static void postcode(Journey journey, Map<String, List<String>> posted,
      List<District> districts, Map<String, String> errors) {
    String postcode = single(posted, "postcode").toUpperCase(java.util.Locale.ROOT);
    String district = single(posted, "district");
    journey.put("postcode", postcode);
    journey.put("district", postcode.isEmpty() ? district : "");
    if (!district.isEmpty() && !district.equals(NO_DISTRICT)
        && districts.stream().noneMatch(d -> d.code().equals(district))) {
      errors.put("district", "Select only the choices shown");
    }
    if (postcode.isEmpty()) {
      if (district.isEmpty()) {
        errors.put("postcode", "Enter " + persons(journey) + " postcode, or choose the"
            + " district if you do not know it");
      }
    } else if (postcode.length() > POSTCODE || !POSTCODE_SHAPE.matcher(postcode).matches()) {
      errors.put("postcode", "Enter a real postcode, like SS14 1AB");
    }
  }

  private static void nhsNumber(Journey journey, Map<String, List<String>> posted,
      Map<String, String> errors) {
    String given = single(posted, "nhs-number");
    journey.put("nhs-number", given);
    if (given.isEmpty()) {
      return;
    }
    if (given.length() > NHS_NUMBER) {
      errors.put("nhs-number", "NHS number must be 10 numbers");
      return;
    }
    String digits = NhsNumber.digits(given);
    if (NhsNumber.problem(digits).isPresent()) {
      errors.put("nhs-number", "Enter a valid NHS number, or leave it empty");
    }
  }

  private static <E extends Enum<E> & Coded> void codes(Journey journey,
      Map<String, List<String>> posted, String name, Class<E> type, boolean required,
      String missing, Map<String, String> errors) {
    List<String> given = posted.getOrDefault(name, List.of());
    if (given.isEmpty() && required) {
      errors.put(name, missing);
      return;
    }
    if (given.stream().anyMatch(code -> Coded.fromCode(type, code).isEmpty())) {
      errors.put(name, "Select only the choices shown");
      return;
    }
    journey.put(name, given.stream().distinct().toList());
  }

  private static void oneOf(Journey journey, Map<String, List<String>> posted, String name,
      Set<String> allowed, String missing, Map<String, String> errors) {
    String given = single(posted, name);
    if (!allowed.contains(given)) {
      errors.put(name, missing);
    } else {
      journey.put(name, given);
    }
  }

  private static void required(Journey journey, Map<String, List<String>> posted, String name,
      int max, String missing, Map<String, String> errors) {
    String given = single(posted, name);
    journey.put(name, given);
    if (given.isEmpty()) {
      errors.put(name, missing);
    } else if (given.length() > max) {
      errors.put(name, "Must be " + max + " characters or fewer");
    }
  }

  private static void bounded(Journey journey, Map<String, List<String>> posted, String name,
      int max, Map<String, String> errors) {
    String given = single(posted, name);
    journey.put(name, given);
    if (given.length() > max) {
      errors.put(name, "Must be " + max + " characters or fewer");
    }
  }

  /** A field's one value, trimmed; empty if missing. */
  static String single(Map<String, List<String>> posted, String name) {
    List<String> values = posted.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0).strip();
  }

  private static List<View.Problem> problems(String step, Map<String, String> errors) {
    if (errors.isEmpty()) {
      return List.of();
    }
    List<View.Problem> problems = new ArrayList<>();
    for (View.Field field : fieldsOf(step, errors)) {
      if (field.hasError()) {
        problems.add(new View.Problem(field.anchor(), field.error()));
      }
    }
    return problems;
  }

  /** The fields of a step only to find each error's anchor, in page order. */
  private static List<View.Field> fieldsOf(String step, Map<String, String> errors) {
    List<View.Field> fields = new ArrayList<>();
    for (Map.Entry<String, String> error : errors.entrySet()) {
      String type = error.getKey().equals("birth") ? "date"
          : Set.of("who", "agreement", "urgent", "leave-message", "agency", "district")
              .contains(error.getKey()) ? "radios"
          : Set.of("substances", "circumstances", "channels", "consent")
              .contains(error.getKey()) ? "checkboxes" : "text";
      fields.add(new View.Field(error.getKey(), type, "", "", List.of(), List.of(),
          error.getValue(), 0, "", ""));
    }
    return fields;
  }

  private static View.Choice choice(String value, String label, String hint) {
    return new View.Choice(value, label, hint);
  }

  private static View.Field text(String name, String label, String hint, int max,
      String autocomplete, String inputmode, Journey journey, Map<String, String> errors) {
    return new View.Field(name, "text", label, hint, List.of(), journey.answers(name),
        errors.getOrDefault(name, ""), max, autocomplete, inputmode);
  }

  private static View.Field textarea(String name, String label, String hint, Journey journey,
      Map<String, String> errors) {
    return new View.Field(name, "textarea", label, hint, List.of(), journey.answers(name),
        errors.getOrDefault(name, ""), LONG_TEXT, "", "");
  }

  private static View.Field date(String name, String label, String hint, Journey journey,
      Map<String, String> errors) {
    return new View.Field(name, "date", label, hint, List.of(), journey.answers(name),
        errors.getOrDefault(name, ""), 4, "bday", "numeric");
  }

  private static View.Field radios(String name, String hint, List<View.Choice> choices,
      Journey journey, Map<String, String> errors) {
    return radios(name, hint, choices, journey, errors, "");
  }

  private static View.Field radios(String name, String hint, List<View.Choice> choices,
      Journey journey, Map<String, String> errors, String label) {
    return new View.Field(name, "radios", label, hint, choices, journey.answers(name),
        errors.getOrDefault(name, ""), 0, "", "");
  }

  private static View.Field checkboxes(String name, String hint, List<View.Choice> choices,
      Journey journey, Map<String, String> errors) {
    return checkboxes(name, hint, choices, journey, errors, "");
  }

  private static View.Field checkboxes(String name, String hint, List<View.Choice> choices,
      Journey journey, Map<String, String> errors, String label) {
    return new View.Field(name, "checkboxes", label, hint, choices, journey.answers(name),
        errors.getOrDefault(name, ""), 0, "", "");
  }
}
