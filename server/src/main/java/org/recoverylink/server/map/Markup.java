package org.recoverylink.server.map;

/**
 * Builds markup that is both HTML5 and well-formed XML (so an XML parser can check it): text is
 * always escaped, tags are always written by this code. Directory strings only ever enter
 * through {@link #text} and {@link #attribute}.
 */
final class Markup {

  private final StringBuilder out = new StringBuilder(64 * 1024);

  /** Raw markup written by this package; never a directory string. */
  Markup raw(String markup) {
    out.append(markup);
    return this;
  }

  /** Text content, escaped. */
  Markup text(String text) {
    out.append(escape(text));
    return this;
  }

  /** {@code <tag attributes>text</tag>}: the text is escaped, the attributes are ours. */
  Markup element(String tag, String attributes, String text) {
    out.append('<').append(tag);
    if (!attributes.isEmpty()) {
      out.append(' ').append(attributes);
    }
    return raw(">").text(text).raw("</" + tag + ">");
  }

  Markup element(String tag, String text) {
    return element(tag, "", text);
  }

  /** {@code name="value"} with the value escaped, for attributes that carry directory text. */
  static String attribute(String name, String value) {
    return name + "=\"" + escape(value) + "\"";
  }

  /**
   * Escapes the five markup characters, and replaces characters XML forbids (controls, lone
   * surrogates, U+FFFE/U+FFFF) with U+FFFD: a directory file may hold anything.
   */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            escaped.append(c).append(text.charAt(++i));
          } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r'
              || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
            escaped.append('\uFFFD');
          } else {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
