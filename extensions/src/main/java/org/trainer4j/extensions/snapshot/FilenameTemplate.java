package org.trainer4j.extensions.snapshot;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A snapshot file name with placeholders {@code {iteration}} and {@code {epoch}}, e.g. {@code
 * snapshot_iter_{iteration}}. Formats names and recognizes them again, so that the newest snapshot
 * can be found by its number rather than by file times.
 */
public final class FilenameTemplate {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

  private final String template;
  private final Pattern pattern;
  private final List<String> groups = new ArrayList<>();

  /**
   * @throws IllegalArgumentException if the template is empty, contains a slash, or has a
   *     placeholder other than {@code {iteration}} and {@code {epoch}}
   */
  public FilenameTemplate(String template) {
    Preconditions.checkArgument(
        template != null && !template.isEmpty() && !template.contains("/"),
        "a filename template is a plain file name: '%s'",
        template);
    Preconditions.checkArgument(
        !template.startsWith("."), "a filename template must not start with '.': '%s'", template);
    StringBuilder regex = new StringBuilder("^");
    Matcher m = PLACEHOLDER.matcher(template);
    int last = 0;
    while (m.find()) {
      String name = m.group(1);
      Preconditions.checkArgument(
          name.equals("iteration") || name.equals("epoch"),
          "unknown placeholder {%s} in '%s'; use {iteration} or {epoch}",
          name,
          template);
      // Two numbers with nothing between them cannot be read back apart ({epoch}{iteration}).
      Preconditions.checkArgument(
          groups.isEmpty() || m.start() > last,
          "placeholders in '%s' need something between them to be read back apart",
          template);
      regex.append(Pattern.quote(template.substring(last, m.start()))).append("([0-9]+)");
      groups.add(name);
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last))).append('$');
    this.template = template;
    this.pattern = Pattern.compile(regex.toString());
  }

  /** The file name for {@code iteration} and {@code epoch}. */
  public String format(long iteration, long epoch) {
    return template
        .replace("{iteration}", Long.toString(iteration))
        .replace("{epoch}", Long.toString(epoch));
  }

  /**
   * The order key of a matching file name (its iteration, else its epoch; 0 without placeholders),
   * or empty if {@code fileName} does not match the template.
   */
  public OptionalLong orderOf(String fileName) {
    Matcher m = pattern.matcher(fileName);
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    int index = groups.indexOf("iteration");
    if (index < 0) {
      index = groups.indexOf("epoch");
    }
    if (index < 0) {
      return OptionalLong.of(0);
    }
    try {
      return OptionalLong.of(Long.parseLong(m.group(index + 1)));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public String toString() {
    return template;
  }
}
