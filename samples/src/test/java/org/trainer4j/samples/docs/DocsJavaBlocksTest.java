package org.trainer4j.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.samples.docs.JavaBlocks.Block;
import org.trainer4j.samples.docs.JavaBlocks.Error;

/**
 * Compiles every Java block of README.md and of every page under docs/ (found by walking the
 * directory, so new pages are covered), following {@link JavaBlocks}' convention.
 */
class DocsJavaBlocksTest {

  private static final Path ROOT = Path.of("..");
  private static final List<Path> SOURCE_ROOTS =
      List.of(
          ROOT.resolve("framework/src/main/java"),
          ROOT.resolve("extensions/src/main/java"),
          ROOT.resolve("samples/src/main/java"));

  @TempDir Path classes;

  @Test
  void everyJavaBlockInTheReadmeAndTheDocsCompiles() throws Exception {
    List<Block> blocks = new ArrayList<>();
    for (Path page : pages()) {
      blocks.addAll(JavaBlocks.extract(ROOT.relativize(page).toString(), Files.readString(page)));
    }

    List<Error> errors =
        JavaBlocks.compile(blocks, JavaBlocks.packagesUnder(SOURCE_ROOTS), classes);

    assertThat(errors).isEmpty();
    // the pages were found and read: the README's quickstart, the using and chainer pages, and the
    // data, extensions, monitoring, search and parallel pages have Java blocks
    assertThat(blocks.stream().map(Block::file).distinct()).hasSizeGreaterThanOrEqualTo(8);
  }

  @Test
  void theUsingPageShowsTheSourceLaunchedScriptAsItIs() throws Exception {
    String script = Files.readString(ROOT.resolve("samples/scripts/FashionMlp.java"));
    String page = Files.readString(ROOT.resolve("docs/using-trainer4j.md"));

    assertThat(page).contains(script.substring(script.indexOf("import ")).strip());
  }

  @Test
  void noJavaFenceIsLeftOut() throws Exception {
    for (Path page : pages()) {
      String markdown = Files.readString(page);
      long fences =
          markdown
              .lines()
              .filter(l -> l.strip().toLowerCase().matches("(```+|~~~+)\\s*java\\b.*"))
              .count();

      assertThat(JavaBlocks.extract(page.toString(), markdown))
          .as(page.toString())
          .hasSize((int) fences);
    }
  }

  @Test
  void anErrorIsReportedAtItsMarkdownLine() {
    String markdown =
        String.join(
            "\n",
            "# Page",
            "<!-- given: Trainer trainer -->",
            "```java",
            "trainer.run();",
            "trainer.runTwice();",
            "```",
            "");

    List<Error> errors =
        JavaBlocks.compile(
            JavaBlocks.extract("page.md", markdown),
            JavaBlocks.packagesUnder(SOURCE_ROOTS),
            classes);

    assertThat(errors).singleElement().satisfies(e -> assertThat(e.where()).isEqualTo("page.md:5"));
  }

  @Test
  void aVariableThatIsNotGivenIsAnError() {
    String markdown = String.join("\n", "```java", "trainer.run();", "```", "");

    assertThat(
            JavaBlocks.compile(
                JavaBlocks.extract("page.md", markdown),
                JavaBlocks.packagesUnder(SOURCE_ROOTS),
                classes))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("trainer"));
  }

  @Test
  void aCompleteFileIsCompiledAsItIsAndOtherLanguagesAreNotJava() {
    String markdown =
        String.join(
            "\n",
            "```python",
            "trainer.run()",
            "```",
            "  ```java",
            "  import java.util.List;",
            "  public record Pair(List<String> names) {}",
            "  ```",
            "");

    List<Block> blocks = JavaBlocks.extract("page.md", markdown);

    assertThat(blocks).singleElement().satisfies(b -> assertThat(b.line()).isEqualTo(4));
    assertThat(JavaBlocks.compile(blocks, List.of(), classes)).isEmpty();
  }

  private static List<Path> pages() throws Exception {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }
}
