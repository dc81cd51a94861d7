package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareRunsCommandTest {

  @TempDir Path dir;

  @Test
  void reportsWhenEachRunFirstReachedTheTargetAndTheFirstRunsRatioToTheFastestOtherLast()
      throws IOException {
    // tuned: 0.88 at 480 s, 0.905 at 950 s; fixed: 0.89 at 500 s, 0.91 at 1000 s; slow: 0.91 at
    // 1200 s. The target is first reached at epoch 2 by all: 950 / 1000.
    String tuned = run("tuned", "[0.88, 480], [0.905, 950], [0.93, 1400]", 0.9259);
    String fixed = run("fixed", "[0.89, 500], [0.91, 1000]", Double.NaN);
    String slow = run("slow", "[0.85, 700], [0.91, 1200]", Double.NaN);
    Path out = dir.resolve("out");

    CommandRun run =
        CommandRun.of(
            "compare-runs", "--run", tuned, "--run", fixed, "--run", slow, "--out", out.toString());

    assertThat(run.exitCode()).as(run.errorLines().toString()).isZero();
    assertThat(run.lines())
        .containsExactly(
            "tuned: reached >= 0.9000 at epoch 2 after 950.0 s; last 0.9300 at 1400.0 s, best"
                + " 0.9300; test accuracy 0.9259",
            "fixed: reached >= 0.9000 at epoch 2 after 1000.0 s; last 0.9100 at 1000.0 s, best"
                + " 0.9100; test accuracy -",
            "slow: reached >= 0.9000 at epoch 2 after 1200.0 s; last 0.9100 at 1200.0 s, best"
                + " 0.9100; test accuracy -",
            "time_to_target_ratio=0.9500");
    JsonNode json = new ObjectMapper().readTree(out.resolve("compare_runs.json").toFile());
    assertThat(json.get("rows").get(1).get("secondsToTarget").asDouble()).isEqualTo(1000.0);
    assertThat(json.get("time_to_target_ratio").asDouble()).isEqualTo(0.95);
    assertThat(json.get("lower_is_better").asBoolean()).isFalse();
    assertThat(out.resolve("accuracy_vs_time.png")).isNotEmptyFile();
  }

  @Test
  void aRunThatNeverReachedTheTargetMakesTheRatioInfinite() throws IOException {
    String tuned = run("tuned", "[0.85, 480], [0.89, 950]", Double.NaN);
    String fixed = run("fixed", "[0.89, 500], [0.91, 1000]", Double.NaN);

    CommandRun run =
        CommandRun.of(
            "compare-runs", "--run", tuned, "--run", fixed, "--out", dir.resolve("out").toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.lines().get(0)).startsWith("tuned: never reached >= 0.9000; last 0.8900");
    assertThat(run.lines().get(run.lines().size() - 1)).isEqualTo("time_to_target_ratio=Infinity");
  }

  @Test
  void aLossReachesItsTargetByFallingToItAndItsBestIsItsLowest() throws IOException {
    // A loss of 0.54 once "reached 0.3000": every key was compared as value >= target.
    String tuned = run("tuned", LOSS, "[0.61, 480], [0.54, 950]", Double.NaN);
    String fixed = run("fixed", LOSS, "[0.45, 500], [0.29, 1000], [0.31, 1500]", Double.NaN);

    CommandRun run =
        CommandRun.of(
            "compare-runs",
            "--run",
            tuned,
            "--run",
            fixed,
            "--key",
            LOSS,
            "--target",
            "0.3",
            "--out",
            dir.resolve("out").toString());

    assertThat(run.exitCode()).as(run.errorLines().toString()).isZero();
    assertThat(run.lines())
        .containsExactly(
            "tuned: never reached <= 0.3000; last 0.5400 at 950.0 s, best 0.5400; test accuracy -",
            "fixed: reached <= 0.3000 at epoch 2 after 1000.0 s; last 0.3100 at 1500.0 s, best"
                + " 0.2900; test accuracy -",
            "time_to_target_ratio=Infinity");
  }

  @Test
  void lowerIsBetterOverridesTheDirectionTheKeysNameSuggests() throws IOException {
    String tuned = run("tuned", "validation/main/perplexity", "[9.0, 480], [4.0, 950]", Double.NaN);
    String fixed = run("fixed", "validation/main/perplexity", "[8.0, 500]", Double.NaN);
    String[] args = {
      "compare-runs",
      "--run",
      tuned,
      "--run",
      fixed,
      "--key",
      "validation/main/perplexity",
      "--target",
      "5",
      "--out",
      dir.resolve("out").toString()
    };

    CommandRun higher = CommandRun.of(args);
    CommandRun lower = CommandRun.of(append(args, "--lower-is-better"));

    assertThat(higher.lines().get(0)).startsWith("tuned: reached >= 5.0000 at epoch 1 after 480.0");
    assertThat(lower.lines().get(0)).startsWith("tuned: reached <= 5.0000 at epoch 2 after 950.0");
    assertThat(CommandRun.of(append(args, "--no-lower-is-better")).lines())
        .isEqualTo(higher.lines());
  }

  @Test
  void aKeyNoRunLoggedIsAUsageErrorListingTheKeysTheLogsHave() throws IOException {
    String tuned = run("tuned", "[0.85, 480]", Double.NaN);
    String fixed = run("fixed", "[0.89, 500]", Double.NaN);

    CommandRun run =
        CommandRun.of(
            "compare-runs",
            "--run",
            tuned,
            "--run",
            fixed,
            "--key",
            "validation/main/acuracy",
            "--out",
            dir.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.lines()).isEmpty();
    // main/loss is NaN in every entry: a key without a value is not offered.
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .startsWith(
            "error: --key validation/main/acuracy has no value in any run's log; the logs have"
                + " [epoch, validation/main/accuracy, elapsed_time]");
  }

  @Test
  void aTargetThatIsNotANumberIsAUsageError() throws IOException {
    String tuned = run("tuned", "[0.85, 480]", Double.NaN);
    String fixed = run("fixed", "[0.89, 500]", Double.NaN);

    CommandRun run =
        CommandRun.of(
            "compare-runs", "--run", tuned, "--run", fixed, "--target", "NaN", "--out", dir + "/o");

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.errorLines().get(0)).startsWith("error: --target must be a finite number");
  }

  @Test
  void aDirectoryWithoutALogIsAnErrorNamingTheFile() throws IOException {
    String fixed = run("fixed", "[0.89, 500], [0.91, 1000]", Double.NaN);
    Path empty = Files.createDirectories(dir.resolve("empty"));

    CommandRun run =
        CommandRun.of(
            "compare-runs", "--run", "a=" + empty, "--run", fixed, "--out", dir.toString());

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .startsWith("error: run a: no log file " + empty.resolve("log"));
  }

  @Test
  void oneRunOrARunWithoutANameIsAUsageError() throws IOException {
    String fixed = run("fixed", "[0.89, 500]", Double.NaN);
    String bare = fixed.substring("fixed=".length());

    CommandRun one = CommandRun.of("compare-runs", "--run", fixed);
    CommandRun unnamed = CommandRun.of("compare-runs", "--run", fixed, "--run", bare);

    assertThat(one.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(one.errorLines().get(0)).contains("give at least two runs to compare, got 1");
    assertThat(unnamed.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(unnamed.errorLines().get(0)).contains("expected NAME=DIR, got '" + bare + "'");
  }

  @Test
  void aRunNameGivenTwiceIsAUsageErrorNamingItBeforeAnythingIsWritten() throws IOException {
    // The name labels each run's line, curve and JSON row; a repeat was accepted.
    String tuned = run("tuned", "[0.85, 480]", Double.NaN);
    Path out = dir.resolve("out");

    CommandRun run =
        CommandRun.of("compare-runs", "--run", tuned, "--run", tuned, "--out", out.toString());

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .startsWith("error: --run: the name 'tuned' is given twice; name each run once");
    assertThat(out).doesNotExist();
  }

  private static final String LOSS = "validation/main/loss";

  /** {@link #run(String, String, String, double)} of validation accuracies. */
  private String run(String name, String points, double testAccuracy) throws IOException {
    return run(name, "validation/main/accuracy", points, testAccuracy);
  }

  /**
   * A run directory whose log has one entry per [value of {@code key}, elapsed seconds], as the
   * {@code --run} argument {@code name=dir}.
   */
  private String run(String name, String key, String points, double testAccuracy)
      throws IOException {
    Path run = Files.createDirectories(dir.resolve(name));
    StringBuilder log = new StringBuilder("[");
    int epoch = 0;
    for (String point : points.split("\\],\\s*")) {
      String[] v = point.replace("[", "").replace("]", "").split(",\\s*");
      epoch++;
      log.append(epoch == 1 ? "" : ",")
          .append(
              String.format(
                  "{\"epoch\": %d, \"main/loss\": \"NaN\", \"%s\": %s, \"elapsed_time\": %s}",
                  epoch, key, v[0], v[1]));
    }
    Files.writeString(run.resolve("log"), log.append("]").toString());
    if (!Double.isNaN(testAccuracy)) {
      Files.writeString(run.resolve("test.json"), "{\"test_accuracy\": " + testAccuracy + "}");
    }
    return name + "=" + run;
  }

  private static String[] append(String[] args, String arg) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = arg;
    return all;
  }
}
