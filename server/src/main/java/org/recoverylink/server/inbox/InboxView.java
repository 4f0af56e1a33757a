package org.recoverylink.server.inbox;

import java.util.List;
import java.util.Objects;
import org.recoverylink.server.web.View;

/** The view models the inbox's templates render: plain values, escaped by the templates. */
public final class InboxView {

  private InboxView() {
  }

  /**
   * What every inbox page has.
   *
   * @param staff  the signed-in member of staff's name, or empty when nobody is signed in
   * @param notice a message about what just happened, or empty
   */
  public record Page(String title, String csrf, String staff, String back, String notice,
      List<View.Problem> errors) {

    public Page {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(csrf, "csrf");
      Objects.requireNonNull(staff, "staff");
      Objects.requireNonNull(back, "back");
      Objects.requireNonNull(notice, "notice");
      errors = List.copyOf(errors);
    }

    public String fullTitle() {
      return (errors.isEmpty() ? "" : "Error: ") + title + " - RecoveryLink provider inbox";
    }
  }

  /** A page of words, with at most one button (a link). */
  public record Message(Page page, String heading, List<String> paragraphs, String button,
      String buttonHref) {

    public Message {
      paragraphs = List.copyOf(paragraphs);
    }
  }

  /** A link to one status's list; {@code current} for the one shown. */
  public record Tab(String href, String text, boolean current) {
  }

  /** A referral in a list. */
  public record Row(String href, String received, String name, String born, String service,
      boolean urgent, boolean overdue) {
  }

  /** A list of referrals: one status, one page. */
  public record Listing(Page page, String heading, List<Tab> tabs, List<Row> rows, String count,
      String next) {

    public Listing {
      tabs = List.copyOf(tabs);
      rows = List.copyOf(rows);
    }
  }

  /** A row of a summary list; a value per line. */
  public record Item(String key, List<String> values) {

    public Item {
      values = List.copyOf(values);
    }
  }

  /** A headed summary list. */
  public record Section(String heading, List<Item> items) {

    public Section {
      items = List.copyOf(items);
    }
  }

  /**
   * One referral: its story, and the forms of the changes its status allows.
   *
   * @param actions {@code accept} (with decline), {@code first-contact} or {@code complete}
   */
  public record Referral(Page page, String heading, String received, String status,
      boolean urgent, boolean overdue, List<Section> sections, String taskId, int version,
      List<String> actions, View.Field reason, View.Field details) {

    public Referral {
      sections = List.copyOf(sections);
      actions = List.copyOf(actions);
    }
  }

  /** A service's capacity in the list: its words and when it was last set. */
  public record CapacityRow(String service, String capacity, String changed, String href) {
  }

  /** The member of staff's services and their capacity. */
  public record CapacityList(Page page, List<CapacityRow> rows) {

    public CapacityList {
      rows = List.copyOf(rows);
    }
  }

  /** The form that sets one service's capacity. */
  public record CapacityForm(Page page, String service, String action, View.Field status,
      View.Field weeks) {
  }
}
