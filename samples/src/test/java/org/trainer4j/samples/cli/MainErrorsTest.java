package org.trainer4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Errors print one line naming what is at fault and exit non-zero; --stacktrace adds the trace. */
class MainErrorsTest {

  @TempDir Path dir;

  @Test
  void aBadDatasetFilePrintsOneLineNamingItAndExitsWith1() throws Exception {
    Path data = dataWithBadTrainImages();
    Path out = dir.resolve("out");

    CommandRun run =
        CommandRun.of("train", "--quick", "--data", data.toString(), "--out", out.toString());

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .startsWith("error: " + data.resolve("train-images-idx3-ubyte") + ": truncated")
        .contains("promises 2116800000 data bytes");
  }

  @Test
  void stacktraceAddsTheFullTraceAfterTheSameLine() throws Exception {
    Path data = dataWithBadTrainImages();

    CommandRun run =
        CommandRun.of(
            "train", "--quick", "--stacktrace", "--data", data.toString(), "--out", dir.toString());

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(run.errorLines().get(0)).startsWith("error: " + data.resolve("train-images"));
    assertThat(run.errorLines())
        .anyMatch(l -> l.startsWith("org.trainer4j.datasets.DatasetFormatException: "))
        .anyMatch(l -> l.contains("at org.trainer4j.datasets.IdxReader.read"));
  }

  @Test
  void anUnknownOptionIsAUsageErrorNamingItAndExitsWith2() {
    CommandRun run = CommandRun.of("train", "--no-such-option");

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .startsWith("error: Unknown option: '--no-such-option'")
        .endsWith("(see 'trainer4j-samples train --help')");
  }

  @Test
  void aValueOutOfRangeIsAUsageErrorNamingTheParameter() {
    CommandRun run = CommandRun.of("train", "--lr-decay", "1.5", "--out", dir.toString());

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .startsWith("error: --lr-decay must be in (0, 1], got 1.5");
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "train, --epochs, 0",
    "train, --batch-size, 0",
    "train, --tune-budget, -5",
    "train, --tune-budget, 0",
    "train, --lr, 0",
    "train, --lr, NaN",
    "tune, --initial, 0",
    "tune, --paper-cap, 0",
    "time-to-accuracy, --target, 1.5",
    "time-to-accuracy, --epochs, 0",
    "time-to-accuracy, --evals-per-epoch, 0",
    "time-to-accuracy, --search-cap, -1",
    "time-to-accuracy, --grid, '32,0'",
  })
  void aNumberOutOfRangeIsAUsageErrorNamingTheOptionBeforeAnyDataIsRead(
      String command, String option, String value) {
    CommandRun run = CommandRun.of(command, option, value, "--out", dir.toString());

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.lines()).noneMatch(l -> l.startsWith("data:"));
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .startsWith("error: " + option + " must");
  }

  /** Each command writing into --out, with the arguments it needs besides. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "train, --quick --tune NONE",
    "tune, --quick --workloads tiny",
    "time-to-accuracy, --quick",
    "compare-runs, --run a=x --run b=y",
    "bench soak, --kills 1",
    "bench gns-drift, --quick",
    "bench syncbn, --rounds 1",
  })
  void anOutThatIsAFileIsAUsageErrorNamingItBeforeAnyWork(String command, String rest)
      throws Exception {
    Path file = Files.writeString(dir.resolve("results.txt"), "not a directory");

    CommandRun run = CommandRun.of(args(command, rest, "--out", file.toString()));

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.lines()).isEmpty();
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .startsWith("error: --out " + file + " is a file, not a directory");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "train, --quick --tune NONE",
    "tune, --quick --workloads tiny",
    "time-to-accuracy, --quick",
    "compare-runs, --run a=x --run b=y",
    "bench soak, --kills 1",
    "bench gns-drift, --quick",
    "bench syncbn, --rounds 1",
  })
  void anOutThatCannotBeCreatedIsAUsageErrorSayingWhyBeforeAnyWork(String command, String rest)
      throws Exception {
    Path file = Files.writeString(dir.resolve("results.txt"), "not a directory");
    Path below = file.resolve("run");

    CommandRun run = CommandRun.of(args(command, rest, "--out", below.toString()));

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.lines()).isEmpty();
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .startsWith("error: --out " + below + " cannot be created: ")
        .contains(below.toString());
  }

  @Test
  void aValueOfTheWrongTypeIsAUsageErrorNamingTheParameter() {
    CommandRun run = CommandRun.of("train", "--epochs", "many");

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.errorLines()).singleElement().asString().contains("--epochs").contains("many");
  }

  private static String[] args(String command, String rest, String... more) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.addAll(List.of(rest.split(" ")));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** The bundled data with a raw 60-byte train-images file claiming 2.7 million images. */
  private Path dataWithBadTrainImages() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    for (String name :
        new String[] {
          "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"
        }) {
      Files.copy(CommandRun.BUNDLED.resolve(name), data.resolve(name));
    }
    byte[] bad = new byte[60];
    java.nio.ByteBuffer.wrap(bad).putInt(0x00000803).putInt(2_700_000).putInt(28).putInt(28);
    Files.write(data.resolve("train-images-idx3-ubyte"), bad);
    return data;
  }
}
