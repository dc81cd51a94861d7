package org.trainer4j.samples.bench;

import com.google.common.base.Preconditions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The kill-and-resume soak: trains {@link SoakWorker} once without interruption, then again in
 * another directory where the JVM is killed with SIGKILL at K random points (each a random delay
 * after a random iteration, so some kills land mid-iteration and some mid-snapshot-write) and
 * restarted with autoload each time, and compares the final parameters of the two runs bit for bit.
 */
public final class KillResumeSoak {

  private static final long PATIENCE_SECONDS = 600;
  private static final int MAX_KILL_DELAY_MILLIS = 40;

  /**
   * What the soak does.
   *
   * @param kills how often the second run is killed (K)
   * @param examples training examples (from the bundled subset)
   * @param batchSize minibatch size
   * @param iterations iterations of each run
   * @param snapshotEvery iterations between snapshots
   * @param seed the training seed
   * @param killSeed the seed choosing where the kills land
   * @param jvmOptions options of the child JVMs (memory caps)
   */
  public record Settings(
      int kills,
      int examples,
      int batchSize,
      long iterations,
      int snapshotEvery,
      long seed,
      long killSeed,
      List<String> jvmOptions) {
    public Settings {
      Preconditions.checkArgument(kills >= 0, "kills must not be negative: %s", kills);
      Preconditions.checkArgument(
          iterations > kills + 1L,
          "%s iterations leave no room for %s kills at distinct iterations",
          iterations,
          kills);
      Preconditions.checkArgument(snapshotEvery > 0, "snapshotEvery must be positive");
      jvmOptions = List.copyOf(jvmOptions);
    }
  }

  /**
   * What the soak found.
   *
   * @param killedAfter the iteration after which each kill was sent
   * @param paramsEqual whether the final parameters are bit-identical
   * @param maxAbsDifference the largest parameter difference (0 when equal)
   */
  public record Result(
      int kills,
      List<Long> killedAfter,
      boolean paramsEqual,
      double maxAbsDifference,
      double referenceSeconds,
      double soakSeconds) {}

  private final Settings settings;

  public KillResumeSoak(Settings settings) {
    this.settings = Preconditions.checkNotNull(settings, "settings");
  }

  /** Runs both trainings under {@code out} ({@code reference/} and {@code killed/}, emptied). */
  public Result run(Path out, PrintStream log) throws IOException, InterruptedException {
    Path reference = fresh(out.resolve("reference"));
    Path killed = fresh(out.resolve("killed"));
    long start = System.nanoTime();
    log.println("reference run (uninterrupted) in " + reference);
    runToEnd(reference, out);
    double referenceSeconds = (System.nanoTime() - start) / 1e9;

    start = System.nanoTime();
    List<Long> killPoints = killPoints();
    Random delays = new Random(settings.killSeed() + 1);
    for (long point : killPoints) {
      Process child = startWorker(killed, out);
      awaitIteration(child, point);
      Thread.sleep(delays.nextInt(MAX_KILL_DELAY_MILLIS + 1));
      child.destroyForcibly(); // SIGKILL: no handler, no shutdown hook runs
      child.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS);
      log.printf("killed (kill -9) after iteration %d%n", point);
    }
    runToEnd(killed, out);
    double soakSeconds = (System.nanoTime() - start) / 1e9;

    INDArray expected = params(reference);
    INDArray actual = params(killed);
    boolean equal =
        Arrays.equals(
            Files.readAllBytes(reference.resolve("params.bin")),
            Files.readAllBytes(killed.resolve("params.bin")));
    double diff =
        Arrays.equals(expected.shape(), actual.shape())
            ? expected.sub(actual).amaxNumber().doubleValue()
            : Double.POSITIVE_INFINITY;
    return new Result(killPoints.size(), killPoints, equal, diff, referenceSeconds, soakSeconds);
  }

  /** K distinct iterations in [1, iterations - 1], ascending, chosen by the kill seed. */
  List<Long> killPoints() {
    Random random = new Random(settings.killSeed());
    return random
        .longs(1, settings.iterations())
        .distinct()
        .limit(settings.kills())
        .sorted()
        .boxed()
        .toList();
  }

  private void runToEnd(Path dir, Path out) throws IOException, InterruptedException {
    Process child = startWorker(dir, out);
    drain(child);
    if (!child.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new IOException("the soak worker in " + dir + " did not end in time");
    }
    if (child.exitValue() != 0) {
      throw new IOException(
          "the soak worker in "
              + dir
              + " failed with exit code "
              + child.exitValue()
              + "; see "
              + out.resolve("workers.log"));
    }
  }

  private Process startWorker(Path dir, Path out) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(settings.jvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SoakWorker.class.getName());
    command.addAll(
        List.of(
            new SoakWorker.Settings(
                    dir,
                    settings.examples(),
                    settings.batchSize(),
                    settings.iterations(),
                    settings.snapshotEvery(),
                    settings.seed())
                .toArgs()));
    return new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(out.resolve("workers.log").toFile()))
        .start();
  }

  /** Reads the worker's output until it reports {@code iteration}. */
  private static void awaitIteration(Process child, long iteration) throws IOException {
    BufferedReader lines = reader(child);
    String wanted = "iteration " + iteration;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.equals(wanted)) {
        return;
      }
    }
    throw new IOException("the soak worker ended before " + wanted);
  }

  private static void drain(Process child) throws IOException {
    BufferedReader lines = reader(child);
    while (lines.readLine() != null) {
      // the progress lines only matter when a kill waits for one
    }
  }

  private static BufferedReader reader(Process child) {
    return new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
  }

  private static INDArray params(Path dir) throws IOException {
    return Nd4j.fromByteArray(Files.readAllBytes(dir.resolve("params.bin")));
  }

  /** Creates {@code dir}, deleting a previous soak's files in it first. */
  private static Path fresh(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }
}
