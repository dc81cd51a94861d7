package org.trainer4j.samples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relative links of Markdown pages and whether they lead anywhere: to a file that exists and,
 * after a {@code #}, to a heading of that page (by GitHub's slug) or an {@code <a id="...">}. Links
 * inside fenced code are not links.
 */
final class MarkdownLinks {

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern HTML_ID = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

  /** A link that leads nowhere, where it is written and why. */
  record Broken(String where, String link, String why) {}

  private MarkdownLinks() {}

  /** The broken relative links of {@code page}, whose text is {@code markdown}. */
  static List<Broken> check(Path page, String markdown) {
    List<Broken> broken = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    boolean fenced = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (isFence(line)) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher m = LINK.matcher(line);
      while (m.find()) {
        String link = m.group(1);
        if (link.matches("^[a-z]+:.*")) {
          continue; // http:, https:, mailto:
        }
        String why = whyBroken(page, markdown, link);
        if (why != null) {
          broken.add(new Broken(page + ":" + (i + 1), link, why));
        }
      }
    }
    return broken;
  }

  /** How many links (relative or not) {@code markdown} holds, code included. */
  static long count(String markdown) {
    return LINK.matcher(markdown).results().count();
  }

  private static boolean isFence(String line) {
    String s = line.strip();
    return s.startsWith("```") || s.startsWith("~~~");
  }

  private static String whyBroken(Path page, String markdown, String link) {
    int hash = link.indexOf('#');
    String file = hash < 0 ? link : link.substring(0, hash);
    String anchor = hash < 0 ? "" : link.substring(hash + 1);
    Path target = file.isEmpty() ? page : page.resolveSibling(file).normalize();
    if (!file.isEmpty() && !Files.exists(target)) {
      return "no file " + target;
    }
    if (anchor.isEmpty() || !target.toString().endsWith(".md")) {
      return null;
    }
    String text = file.isEmpty() ? markdown : read(target);
    return anchors(text).contains(anchor) ? null : "no heading #" + anchor + " in " + target;
  }

  /** The anchors a page offers: its headings' slugs (GitHub's) and its HTML ids. */
  static Set<String> anchors(String markdown) {
    Set<String> out = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (isFence(line)) {
        fenced = !fenced;
      }
      Matcher id = HTML_ID.matcher(line);
      while (id.find()) {
        out.add(id.group(1));
      }
      Matcher h = HEADING.matcher(line);
      if (!fenced && h.matches()) {
        String slug = slug(h.group(1));
        int n = seen.merge(slug, 1, Integer::sum);
        out.add(n == 1 ? slug : slug + "-" + (n - 1)); // GitHub numbers repeated headings
      }
    }
    return out;
  }

  /**
   * GitHub's anchor for a heading: lower case, every character but letters, digits, spaces, hyphens
   * and underscores dropped, each space a hyphen (so "a — b" gives "a--b").
   */
  static String slug(String heading) {
    return heading
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
        .replace(' ', '-');
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
