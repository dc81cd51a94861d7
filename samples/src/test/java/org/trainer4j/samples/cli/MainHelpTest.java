package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** What {@code --help} shows: every description formats, and options state their defaults. */
class MainHelpTest {

  /** Every command and subcommand, by its qualified name. */
  static Stream<Arguments> commands() {
    List<CommandSpec> all = new ArrayList<>();
    collect(new CommandLine(new Main()), all);
    return all.stream().map(c -> Arguments.of(c.qualifiedName(), c));
  }

  /**
   * Picocli formats a command's description with String.format when it prints the help; a bare %
   * (bn-depth's "error%") printed "[picocli WARN] Could not format ..." above it. (An option's
   * description is formatted as it is read, so the spec holds no raw text of it to check.)
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void everyCommandDescriptionFormatsWithoutAStrayPercentSign(String name, CommandSpec command) {
    for (String text : command.usageMessage().description()) {
      assertThatCode(() -> String.format(Locale.ROOT, text))
          .as("%s: %s", name, text)
          .doesNotThrowAnyException();
    }
  }

  /**
   * Picocli prints each element of a description on lines of its own, so a sentence split across
   * two elements broke mid-sentence in the help ("data-wait share of step", then "time and
   * speed-up") and in bench's list of subcommands, which shows the first element: each element is a
   * whole paragraph.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void everyDescriptionParagraphEndsWithItsLastSentence(String name, CommandSpec command) {
    for (String paragraph : command.usageMessage().description()) {
      assertThat(paragraph).as(name).endsWith(".");
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "train, --epochs, 15",
    "train, --batch-size, 32",
    "train, --lr, 0.001",
    "train, --lr-decay, 0.85",
    "train, --out, result",
    "train, --seed, 1",
    "tune, --initial, 32",
    "tune, --rounds, 3",
    "tune, --out, tune-out",
    "tune, --seed, 1",
    "time-to-accuracy, --epochs, 3",
    "time-to-accuracy, --search-cap, 30",
    "time-to-accuracy, --lr-rule, sqrt",
  })
  void anOptionWithADefaultStatesIt(String command, String option, String value) {
    OptionSpec spec =
        new CommandLine(new Main())
            .getSubcommands()
            .get(command)
            .getCommandSpec()
            .findOption(option);

    assertThat(String.join(" ", spec.description())).contains("default " + value);
  }

  private static void collect(CommandLine cli, List<CommandSpec> all) {
    all.add(cli.getCommandSpec());
    cli.getSubcommands().values().forEach(sub -> collect(sub, all));
  }
}
