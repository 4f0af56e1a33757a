package org.recoverylink.server.map;

import java.util.ArrayList;
import java.util.List;
import org.recoverylink.core.directory.Coverage;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.Geography;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.directory.ServiceKind;

/**
 * The pathways as an SVG picture, laid out from the directory: GP practices and pharmacies
 * refer once through RecoveryLink; a trunk on the left reaches each area's services, those
 * across the whole geography and the single point of contact; a dashed line on the right
 * reaches the services only a specialist refers to. Colours and sizes are presentation
 * attributes, not CSS, so the same picture stands alone ({@code map/pathways.svg}) and inline
 * under a Content-Security-Policy that allows one stylesheet only.
 */
final class PathwayDiagram {

  static final String TITLE_ID = "picture-title";
  static final String DESC_ID = "picture-desc";

  private static final int WIDTH = 960;
  private static final int TRUNK = 36;
  private static final int LEFT = 66;
  private static final int RIGHT = 924;
  private static final int SPECIALIST_LINE = 944;
  private static final int PAD = 16;
  private static final int LINE = 20;
  /** Characters per line at 14 px: generous, since fonts differ between machines. */
  private static final double CHAR_WIDTH = 7.0;

  private static final String INK = "#212b32";
  private static final String MUTED = "#4c6272";
  private static final String BLUE = "#005eb8";
  /** The area headers' fill; the browser test looks for it in the screenshots. */
  static final String AREA_FILL = "#cfe1f3";
  private static final String WHOLE_FILL = "#d3ebd8";
  private static final String WHOLE_LINE = "#007f3b";
  private static final String CONTACT_FILL = "#fff0c2";
  private static final String CONTACT_LINE = "#a86d00";
  private static final String SPECIALIST_FILL = "#f0f0f0";

  private final Sections sections;
  private final Geography geography;
  private final Markup svg = new Markup();
  private int y;
  /** Where branches leave the trunk, and where the specialist line starts. */
  private final List<Integer> branches = new ArrayList<>();
  private final List<Integer> toSpecialist = new ArrayList<>();

  private PathwayDiagram(Sections sections, Geography geography) {
    this.sections = sections;
    this.geography = geography;
  }

  /** The {@code <svg>} element, for inline use and as a document of its own. */
  static String svg(Sections sections, Geography geography) {
    return new PathwayDiagram(sections, geography).draw();
  }

  /** What the picture shows, in one paragraph: its {@code <desc>}. */
  static String description(Sections sections, Geography geography) {
    List<String> areas = sections.areas().stream().map(Sections.Area::name).toList();
    return "GP practices and community pharmacies send one referral through RecoveryLink. It"
        + " reaches the services of the person's area (" + Words.and(areas) + ")"
        + (sections.whole().isEmpty() ? "" : " or those across " + geography.name())
        + "; the single point of contact, " + sections.contact().name() + ", takes it when"
        + " nothing else fits."
        + (sections.specialistOnly().isEmpty() ? ""
            : " Some services are reached only when a specialist refers.")
        + " A text version follows the picture.";
  }

  private String draw() {
    Markup body = new Markup();
    y = 12;
    entries(body);
    int referralMid = referral(body);
    for (Sections.Area area : sections.areas()) {
      List<String> header = List.of(area.name(), String.join(", ",
          area.districts().stream().map(District::name).toList()));
      group(body, header, area.services(), AREA_FILL, BLUE, false);
    }
    if (!sections.whole().isEmpty()) {
      group(body, List.of("Across " + geography.name(), Words.where(Coverage.whole(), geography)
          .replaceFirst("^People living", "for people living")), sections.whole(), WHOLE_FILL,
          WHOLE_LINE, false);
    }
    int contactBottom = contact(body);
    if (!sections.outside().isEmpty()) {
      outside(body, contactBottom);
    }
    int specialistMid = -1;
    if (!sections.specialistOnly().isEmpty()) {
      specialistMid = group(body, List.of("Only through a specialist",
          "never a direct referral from a GP practice or pharmacy"),
          sections.specialistOnly(), SPECIALIST_FILL, MUTED, true);
    }
    // The trunk: from the referral to the last branch.
    body.raw(line(LEFT, referralMid, TRUNK, referralMid, MUTED, false, false));
    body.raw(line(TRUNK, referralMid, TRUNK, branches.get(branches.size() - 1), MUTED, false,
        false));
    if (specialistMid >= 0 && !toSpecialist.isEmpty()) {
      body.raw(line(SPECIALIST_LINE, toSpecialist.get(0), SPECIALIST_LINE, specialistMid, MUTED,
          true, false));
      body.raw(line(SPECIALIST_LINE, specialistMid, RIGHT + 2, specialistMid, MUTED, true,
          true));
    }
    legend(body);
    int height = y + 12;
    svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pathways\" viewBox=\"0 0 " + WIDTH
        + " " + height + "\" width=\"" + WIDTH + "\" height=\"" + height + "\" role=\"img\""
        + " aria-labelledby=\"" + TITLE_ID + " " + DESC_ID + "\" font-family=\"Arial,"
        + " 'Liberation Sans', Helvetica, sans-serif\" font-size=\"14\" fill=\"" + INK + "\">");
    svg.element("title", "id=\"" + TITLE_ID + "\"", "How referrals reach services in "
        + geography.name());
    svg.element("desc", "id=\"" + DESC_ID + "\"", description(sections, geography));
    svg.raw("<defs><marker id=\"picture-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\""
        + " markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\""
        + " fill=\"" + MUTED + "\"/></marker></defs>");
    svg.raw("<rect width=\"" + WIDTH + "\" height=\"" + height + "\" fill=\"#ffffff\"/>");
    return svg.raw(body.toString()).raw("</svg>").toString();
  }

  /** Who refers: the two kinds of organisation that send referrals through RecoveryLink. */
  private void entries(Markup out) {
    int width = 250;
    int height = 44;
    String[] names = {"GP practice", "Community pharmacy"};
    for (int i = 0; i < names.length; i++) {
      int x = LEFT + i * (width + 20);
      out.raw(rect(x, y, width, height, "#ffffff", MUTED, false));
      out.element("text", at(x + width / 2, y + 28) + " text-anchor=\"middle\""
          + " font-weight=\"bold\" font-size=\"15\"", names[i]);
      out.raw(line(x + width / 2, y + height, x + width / 2, y + 82, MUTED, false, true));
    }
    int noteX = LEFT + 2 * (width + 20) + 10;
    out.element("text", at(noteX, y + 18) + " fill=\"" + MUTED + "\"",
        "Screen for alcohol, drug and mental");
    out.element("text", at(noteX, y + 36) + " fill=\"" + MUTED + "\"",
        "health needs; advise; refer if wanted");
    y += 86;
  }

  /** The one referral; returns the y the trunk leaves it at. */
  private int referral(Markup out) {
    List<String> lines = wrap("The person's screening answers travel with it, so they tell"
        + " their story once. It goes to the service that fits their age, where they live and"
        + " what they use.", RIGHT - LEFT - 2 * PAD);
    int height = 34 + lines.size() * LINE + 8;
    out.raw(rect(LEFT, y, RIGHT - LEFT, height, "#e8f1fa", BLUE, false));
    out.element("text", at(LEFT + PAD, y + 26) + " font-weight=\"bold\" font-size=\"16\"",
        "One referral through RecoveryLink");
    texts(out, lines, LEFT + PAD, y + 26 + LINE, "");
    int mid = y + height / 2;
    y += height + 26;
    return mid;
  }

  /**
   * A box of services with a coloured header (a title and a line of detail); returns the y of
   * its header's middle. Services sit in two columns.
   */
  private int group(Markup out, List<String> header, List<Service> services, String fill,
      String stroke, boolean specialist) {
    int top = y;
    int width = RIGHT - LEFT;
    List<String> detail = wrap(header.get(1), width - 2 * PAD
        - (int) (header.get(0).length() * CHAR_WIDTH * 1.15) - 24);
    int headerHeight = 14 + Math.max(1, detail.size()) * LINE;
    int column = (width - 3 * PAD) / 2;
    List<List<String>> items = new ArrayList<>();
    for (Service service : services) {
      items.add(wrap(service.name(), column - 16));
    }
    int total = items.stream().mapToInt(List::size).sum();
    int firstColumnLines = 0;
    int split = 0;
    while (split < items.size() && firstColumnLines < (total + 1) / 2) {
      firstColumnLines += items.get(split++).size();
    }
    int bodyHeight = Math.max(firstColumnLines, total - firstColumnLines) * LINE + 2 * 10;
    if (services.isEmpty()) {
      bodyHeight = LINE + 20;
    }
    int height = headerHeight + bodyHeight;
    out.raw(rect(LEFT, top, width, height, "#ffffff", stroke, specialist));
    out.raw("<path d=\"M" + (LEFT + 1) + "," + (top + headerHeight) + " V" + (top + 6)
        + " Q" + (LEFT + 1) + "," + (top + 1) + " " + (LEFT + 6) + "," + (top + 1) + " H"
        + (RIGHT - 6) + " Q" + (RIGHT - 1) + "," + (top + 1) + " " + (RIGHT - 1) + ","
        + (top + 6) + " V" + (top + headerHeight) + " Z\" fill=\"" + fill + "\""
        + (fill.equals(AREA_FILL) ? " class=\"area-header\"" : "") + "/>");
    out.raw(line(LEFT, top + headerHeight, RIGHT, top + headerHeight, stroke, specialist,
        false));
    String title = header.get(0);
    out.element("text", at(LEFT + PAD, top + 24) + " font-weight=\"bold\" font-size=\"16\"",
        title);
    texts(out, detail, LEFT + PAD + (int) (title.length() * CHAR_WIDTH * 1.15) + 24, top + 24,
        " fill=\"" + INK + "\"");
    int lineY = top + headerHeight + 10 + 15;
    if (services.isEmpty()) {
      out.element("text", at(LEFT + PAD, lineY) + " fill=\"" + MUTED + "\"",
          "No service for this area alone: see the services across " + geography.name());
    }
    for (int i = 0; i < items.size(); i++) {
      if (i == split) {
        lineY = top + headerHeight + 10 + 15;
      }
      int x = LEFT + PAD + (i < split ? 0 : column + PAD);
      out.raw("<circle cx=\"" + (x + 4) + "\" cy=\"" + (lineY - 5) + "\" r=\"3\" fill=\""
          + stroke + "\"/>");
      texts(out, items.get(i), x + 14, lineY, "");
      lineY += items.get(i).size() * LINE;
    }
    int mid = top + headerHeight / 2;
    if (!specialist) {
      branch(out, mid);
      if (services.stream().anyMatch(s -> s.is(ServiceKind.TREATMENT)
          || s.is(ServiceKind.PRESCRIBING))) {
        out.raw(line(RIGHT, mid, SPECIALIST_LINE, mid, MUTED, true, false));
        toSpecialist.add(mid);
      }
    }
    y += height + 22;
    return mid;
  }

  /** The single point of contact; returns its bottom edge. */
  private int contact(Markup out) {
    int top = y;
    List<String> name = wrap("Single point of contact: " + sections.contact().name(),
        (int) ((RIGHT - LEFT - 2 * PAD) / 1.1));
    String outside = sections.outside().isEmpty() ? ""
        : ", or the person lives outside " + geography.name() + " (" + Words.and(
            sections.outside().stream().map(District::name).toList()) + ")";
    List<String> lines = wrap("Takes the referral when no other service fits, no substance is"
        + " named or the district is unknown" + outside + ", and finds the right service.",
        RIGHT - LEFT - 2 * PAD);
    int height = 14 + (name.size() + lines.size()) * LINE + 12;
    out.raw(rect(LEFT, top, RIGHT - LEFT, height, CONTACT_FILL, CONTACT_LINE, false));
    texts(out, name, LEFT + PAD, top + 26, " font-weight=\"bold\" font-size=\"16\"");
    texts(out, lines, LEFT + PAD, top + 26 + name.size() * LINE, "");
    branch(out, top + 24);
    y += height + 22;
    return top + height;
  }

  /** The neighbours the directory knows but does not cover, reached through the contact. */
  private void outside(Markup out, int contactBottom) {
    int top = y;
    String names = Words.and(sections.outside().stream().map(District::name).toList());
    List<String> lines = new ArrayList<>(wrap("Outside " + geography.name() + "'s services: "
        + names, (int) ((RIGHT - LEFT - 2 * PAD) / 1.1)));
    int bold = lines.size();
    lines.addAll(wrap("The single point of contact passes the referral to the local services"
        + " there." + (sections.outsideServices().isEmpty() ? "" : " People are told about "
        + Words.and(sections.outsideServices().stream().map(Service::name).toList()) + "."),
        RIGHT - LEFT - 2 * PAD));
    int height = 14 + lines.size() * LINE + 12;
    out.raw("<rect x=\"" + LEFT + "\" y=\"" + top + "\" width=\"" + (RIGHT - LEFT)
        + "\" height=\"" + height + "\" rx=\"6\" fill=\"#ffffff\" stroke=\"" + MUTED
        + "\" stroke-width=\"1.5\" stroke-dasharray=\"2 4\"/>");
    texts(out, lines.subList(0, bold), LEFT + PAD, top + 26,
        " font-weight=\"bold\" font-size=\"16\"");
    texts(out, lines.subList(bold, lines.size()), LEFT + PAD, top + 26 + bold * LINE, "");
    out.raw(line(LEFT + 120, contactBottom, LEFT + 120, top - 1, CONTACT_LINE, false, true));
    y += height + 22;
  }

  private void legend(Markup out) {
    int top = y + 6;
    out.raw(line(LEFT, top, LEFT + 46, top, MUTED, false, true));
    out.element("text", at(LEFT + 56, top + 5), "a referral RecoveryLink sends");
    out.raw(line(LEFT + 330, top, LEFT + 376, top, MUTED, true, true));
    out.element("text", at(LEFT + 386, top + 5),
        "only when a specialist service decides, after its assessment");
    y = top + 14;
  }

  private void branch(Markup out, int atY) {
    out.raw(line(TRUNK, atY, LEFT - 2, atY, MUTED, false, true));
    branches.add(atY);
  }

  private static void texts(Markup out, List<String> lines, int x, int firstY,
      String attributes) {
    for (int i = 0; i < lines.size(); i++) {
      out.element("text", at(x, firstY + i * LINE) + attributes, lines.get(i));
    }
  }

  private static String at(int x, int atY) {
    return "x=\"" + x + "\" y=\"" + atY + "\"";
  }

  private static String rect(int x, int top, int width, int height, String fill, String stroke,
      boolean dashed) {
    return "<rect x=\"" + x + "\" y=\"" + top + "\" width=\"" + width + "\" height=\"" + height
        + "\" rx=\"6\" fill=\"" + fill + "\" stroke=\"" + stroke + "\" stroke-width=\"1.5\""
        + (dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>";
  }

  private static String line(int x1, int y1, int x2, int y2, String stroke, boolean dashed,
      boolean arrow) {
    return "<line x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2
        + "\" stroke=\"" + stroke + "\" stroke-width=\"2\""
        + (dashed ? " stroke-dasharray=\"6 4\"" : "")
        + (arrow ? " marker-end=\"url(#picture-arrow)\"" : "") + "/>";
  }

  /** Words into lines of at most {@code width} pixels (estimated); long words are cut. */
  static List<String> wrap(String text, int width) {
    int max = Math.max(8, (int) (width / CHAR_WIDTH));
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String word : text.strip().split("\\s+")) {
      while (word.length() > max) {
        if (current.length() > 0) {
          lines.add(current.toString());
          current.setLength(0);
        }
        lines.add(word.substring(0, max));
        word = word.substring(max);
      }
      if (current.length() > 0 && current.length() + 1 + word.length() > max) {
        lines.add(current.toString());
        current.setLength(0);
      }
      if (current.length() > 0) {
        current.append(' ');
      }
      current.append(word);
    }
    if (current.length() > 0 || lines.isEmpty()) {
      lines.add(current.toString());
    }
    return lines;
  }
}
