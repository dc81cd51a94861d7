package org.trainer4j.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.samples.docs.MarkdownLinks.Broken;

/** Every relative link of README.md and of the pages under docs/ leads to a file and heading. */
class DocsLinksTest {

  private static final Path ROOT = Path.of("..");

  @TempDir Path dir;

  @Test
  void everyRelativeLinkOfTheReadmeAndTheDocsLeadsToAFileAndHeadingThatExist() throws Exception {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<Broken> broken = new ArrayList<>();
    long links = 0;
    for (Path page : pages) {
      String markdown = Files.readString(page);
      links += MarkdownLinks.count(markdown);
      broken.addAll(MarkdownLinks.check(page, markdown));
    }

    assertThat(pages).hasSizeGreaterThan(10);
    assertThat(links).as("links read").isGreaterThan(50);
    assertThat(broken).isEmpty();
  }

  @Test
  void aHeadingsAnchorIsGitHubsSlugAndARepeatedHeadingIsNumbered() {
    assertThat(MarkdownLinks.slug("`tune` — seed 002's minibatch-size search"))
        .isEqualTo("tune--seed-002s-minibatch-size-search");
    assertThat(MarkdownLinks.anchors("# Results\n\n## Notes\n\n## Notes\n<a id=\"pairs\"></a>"))
        .containsExactlyInAnyOrder("results", "notes", "notes-1", "pairs");
  }

  @Test
  void aMissingFileOrHeadingIsReportedAtItsLineAndCodeIsNotALink() throws Exception {
    Files.writeString(dir.resolve("other.md"), "# Present\n");
    String markdown =
        String.join(
            "\n",
            "# Page",
            "[ok](other.md#present) [here](#page) [web](https://example.org/x#y)",
            "[gone](missing.md)",
            "[no such heading](other.md#absent)",
            "```",
            "[in code](nowhere.md)",
            "```",
            "");

    List<Broken> broken = MarkdownLinks.check(dir.resolve("page.md"), markdown);

    assertThat(broken)
        .extracting(Broken::where, Broken::link)
        .containsExactly(
            Tuple.tuple(dir.resolve("page.md") + ":3", "missing.md"),
            Tuple.tuple(dir.resolve("page.md") + ":4", "other.md#absent"));
  }
}
