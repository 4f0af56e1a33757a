package org.recoverylink.server.web;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The view models the templates render: plain values, escaped by the templates. */
public final class View {

  private View() {
  }

  /**
   * What every page has.
   *
   * @param title  the page's title (the browser tab), without the site's name
   * @param csrf   the journey's form token, or empty on a page with no form
   * @param back   where the back link goes, or empty for none
   * @param errors the problems of the form just sent, for the error summary
   */
  public record Page(String title, String csrf, String back, List<Problem> errors) {

    public Page {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(csrf, "csrf");
      Objects.requireNonNull(back, "back");
      errors = List.copyOf(errors);
    }

    /** The title as the browser shows it: "Error: " first when the form has problems. */
    public String fullTitle() {
      return (errors.isEmpty() ? "" : "Error: ") + title + " - RecoveryLink";
    }
  }

  /** A problem with one field, linked from the error summary to the field. */
  public record Problem(String field, String message) {
  }

  /** One answer a radio or checkbox field offers. */
  public record Choice(String value, String label, String hint) {
  }

  /**
   * One field of a form.
   *
   * @param type one of {@code text}, {@code textarea}, {@code date}, {@code radios},
   *             {@code checkboxes}
   * @param values the current answer(s); for a date, day, month and year
   */
  public record Field(String name, String type, String label, String hint,
      List<Choice> choices, List<String> values, String error, int maxLength,
      String autocomplete, String inputmode) {

    public Field {
      choices = List.copyOf(choices);
      values = List.copyOf(values);
    }

    /** The first answer, or empty. */
    public String value() {
      return values.isEmpty() ? "" : values.get(0);
    }

    /** The answer at {@code i} (a date's part), or empty. */
    public String value(int i) {
      return values.size() > i ? values.get(i) : "";
    }

    public boolean chosen(String choice) {
      return Set.copyOf(values).contains(choice);
    }

    public boolean hasError() {
      return !error.isEmpty();
    }

    /** The ids of the hint and the error, for aria-describedby; null (no attribute) if none. */
    public String describedBy() {
      String ids = ((hint.isEmpty() ? "" : name + "-hint ")
          + (error.isEmpty() ? "" : name + "-error")).strip();
      return ids.isEmpty() ? null : ids;
    }

    /** The first element the error summary links to. */
    public String anchor() {
      return type.equals("date") ? name + "-day"
          : type.equals("radios") || type.equals("checkboxes") ? name + "-0" : name;
    }
  }

  /**
   * A form page. With one field, that field's label is the page's heading (NHS.UK: one question
   * a page).
   */
  public record Form(Page page, String caption, String heading, List<String> paragraphs,
      List<Field> fields, String action, String button) {

    public Form {
      paragraphs = List.copyOf(paragraphs);
      fields = List.copyOf(fields);
    }

    public boolean single() {
      return fields.size() == 1;
    }
  }

  /** A link. */
  public record Link(String href, String text) {
  }

  /**
   * A part of a message page.
   *
   * @param kind {@code text}, {@code warning} (important: act on it), {@code care} (urgent
   *             help) or {@code inset}
   */
  public record Section(String kind, String heading, List<String> paragraphs, List<Link> links) {

    public Section {
      paragraphs = List.copyOf(paragraphs);
      links = List.copyOf(links);
    }
  }

  /** A button that posts a form of no fields (but the token). */
  public record Button(String action, String text) {
  }

  /**
   * A page of information: the start page, a result, the confirmation, an error.
   *
   * @param panel     the confirmation panel's heading and text, or empty
   * @param buttons   forms of one button each, after the sections
   */
  public record Message(Page page, String heading, String panelTitle, String panelText,
      List<Section> sections, List<Button> buttons) {

    public Message {
      sections = List.copyOf(sections);
      buttons = List.copyOf(buttons);
    }
  }

  /** One row of "check your answers". */
  public record Row(String key, String value, String change, String changeWhat) {
  }

  /** The check-your-answers page. */
  public record Check(Page page, List<Row> rows, String consent, String action) {

    public Check {
      rows = List.copyOf(rows);
    }
  }
}
