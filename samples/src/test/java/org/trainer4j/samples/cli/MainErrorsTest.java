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
    "train, --dropout, 1",
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

  /**
   * Benchmarks and experiments once ran into these values and failed later, with exit 1 and a
   * constructor's argument name ("/ by zero", "period must be positive: 0.0"), some after loading
   * the dataset, warming up or starting a child JVM, some after creating --out.
   */
  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bench syncbn      | --replicas        | 0        | --replicas must be at least 1, got 0",
        "bench syncbn      | --rounds          | 0        | --rounds must be at least 1, got 0",
        "bench syncbn      | --steps           | 0        | --steps must be at least 1, got 0",
        "bench syncbn      | --batches         | 2,0      | --batches must be at least 1 each",
        "bench distributed | --rounds          | 0        | --rounds must be at least 1, got 0",
        "bench distributed | --steps           | 0        | --steps must be at least 1, got 0",
        "bench soak        | --batch-size      | 0        | --batch-size must be at least 1, got 0",
        "bench soak        | --examples        | 0        | --examples must be at least 1, got 0",
        "bench soak        | --examples        | 6001     | --examples must be at most 6000",
        "bench soak        | --kills           | -1       | --kills must be at least 0, got -1",
        "bench soak        | --iterations      | 0        | --iterations must be at least --kills"
            + " + 2 = 7",
        "bench soak        | --snapshot-every  | 0        | --snapshot-every must be at least 1",
        "bench overhead    | --batch-size      | 0        | --batch-size must be at least 1, got 0",
        "bench overhead    | --steps           | 0        | --steps must be at least 1, got 0",
        "bench overhead    | --warmup          | -1       | --warmup must be at least 1, got -1",
        "bench gns-drift   | --stages          | 150,0    | --stages must be ascending, got [150, 0]",
        "bench gns-drift   | --stages          | -1,150   | --stages must be at least 0 each",
        "bench gns-drift   | --dropout         | 1        | --dropout must be in [0, 1), got 1.0",
        "bench data        | --delay-ms        | Infinity | --delay-ms must be a number at least 0",
        "bench data        | --delay-ms        | 1e12     | --delay-ms must be at most 10000",
        "bn-depth          | --epochs          | 0        | --epochs must be at least 1, got 0",
        "bn-paper          | --steps           | 0        | --steps must be at least 1, got 0",
        "bn-paper          | --eval-every      | 0        | --eval-every must be at least 1, got 0",
        "bn-paper          | --lr              | NaN      | --lr must be a positive number",
        "multi-device-bn   | --replicas        | 0        | --replicas must be at least 1, got 0",
        "multi-device-bn   | --train-size      | -1       | --train-size must be at least 1",
        "multi-device-bn   | --convs-per-stage | 0        | --convs-per-stage must be at least 1",
        "proxy-norm        | --channels        | 0        | --channels must be at least 4 each",
        "proxy-norm        | --channels        | 8,6      | --channels must be multiples of 4",
        "proxy-norm        | --channels        | 4,4,4,4,4,4 | --channels gives 6 stages",
      })
  void aValueOutOfRangeIsAUsageErrorNamingTheOptionAndItsLimitBeforeAnyWork(
      String command, String option, String value, String message) {
    Path out = dir.resolve("out");

    CommandRun run = CommandRun.of(args(command, option + " " + value, "--out", out.toString()));

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.lines()).isEmpty();
    assertThat(run.errorLines()).singleElement().asString().startsWith("error: " + message);
    assertThat(out).doesNotExist();
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
