package org.trainer4j.samples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.trainer4j.samples.bench.DistributedWorkload;
import org.trainer4j.samples.cli.BenchDistributedWorker.Mode;
import org.trainer4j.samples.common.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench distributed}: throughput of 2 MPI processes with one ND4J thread each against one
 * process with one thread on the same global batch, for the MLP and the CNN; the same against 2
 * in-JVM replicas ({@code ParallelUpdater}); and the CNN's step time with synchronized against
 * per-process batch normalization across the 2 processes; and the machine's ceiling, 2 processes
 * that each train on their half of the batch with no allreduce (the same per-process work), so that
 * the 2-process efficiency can be read against what the machine allows. Rounds run every variant
 * once, in a rotating order, so drift in machine load hits all of them alike; medians over rounds
 * with their range are reported, and ratios are taken within a round.
 */
@Command(
    name = "distributed",
    mixinStandardHelpOptions = true,
    description = {
      "2 MPI processes x 1 thread vs 1 process x 1 thread vs 2 in-JVM replicas (MLP, CNN), and"
          + " SyncBN vs per-process BN across processes, and the ceiling: 2 processes training"
          + " their halves of the batch independently (no allreduce). Needs mpirun.",
      "Last line: distributed_scaling_efficiency=<throughput(2 processes) / (2 x throughput(1)),"
          + " MLP>."
    })
public final class BenchDistributedCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--rounds", description = "Rounds of every variant, at least 1 (default 3).")
  int rounds = 3;

  @Option(
      names = "--steps",
      description = "Timed steps per variant and round, at least 1 (default 10).")
  int steps = 10;

  @Option(names = "--warmup", description = "Untimed steps first (default 3, or 0).")
  int warmup = 3;

  @Option(names = "--out", description = "Directory for distributed.json (default: current).")
  Path out = Path.of(".");

  private record Launch(Mode mode, List<DistributedWorkload> workloads) {}

  @Override
  public Integer call() throws Exception {
    // Checked before any worker starts: --rounds 0 ended in a NullPointerException (no step times),
    // --steps 0 in a worker JVM failing on the median of none.
    OptionChecks.atLeast(spec, "--rounds", rounds, 1);
    OptionChecks.atLeast(spec, "--steps", steps, 1);
    OptionChecks.atLeast(spec, "--warmup", warmup, 0);
    OptionChecks.outputDirectory(spec, "--out", out);
    PrintWriter w = spec.commandLine().getOut();
    List<Launch> launches =
        List.of(
            new Launch(Mode.SINGLE, List.of(DistributedWorkload.MLP, DistributedWorkload.CNN)),
            new Launch(Mode.PROCESSES, List.of(DistributedWorkload.values())),
            new Launch(Mode.REPLICAS, List.of(DistributedWorkload.MLP, DistributedWorkload.CNN)),
            new Launch(
                Mode.INDEPENDENT, List.of(DistributedWorkload.MLP, DistributedWorkload.CNN)));
    Map<String, double[]> stepMs = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < launches.size(); i++) {
        Launch launch = launches.get((i + round) % launches.size());
        for (Map.Entry<String, Double> e : run(launch).entrySet()) {
          stepMs.computeIfAbsent(e.getKey(), k -> new double[rounds])[round] = e.getValue();
        }
      }
      w.printf(Locale.ROOT, "round %d/%d done%n", round + 1, rounds);
      w.flush();
    }
    w.printf(
        Locale.ROOT,
        "%-11s %-10s %7s %21s %12s%n",
        "workload",
        "mode",
        "batch",
        "step ms median [range]",
        "examples/s");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map.Entry<String, double[]> e : stepMs.entrySet()) {
      String[] key = e.getKey().split(" ");
      DistributedWorkload workload = DistributedWorkload.valueOf(key[0]);
      double[] ms = e.getValue();
      double median = median(ms);
      double throughput = workload.batch() / median * 1000;
      w.printf(
          Locale.ROOT,
          "%-11s %-10s %7d %9.1f [%4.0f-%4.0f] %12.1f%n",
          key[0],
          key[1],
          workload.batch(),
          median,
          min(ms),
          max(ms),
          throughput);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("workload", key[0]);
      row.put("mode", key[1]);
      row.put("global_batch", workload.batch());
      row.put("step_ms_per_round", ms);
      row.put("step_ms_median", median);
      row.put("examples_per_second_median", throughput);
      rows.add(row);
    }
    Map<String, Object> ratios = new LinkedHashMap<>();
    for (String workload : List.of("MLP", "CNN")) {
      double[] single = stepMs.get(workload + " SINGLE");
      for (Mode mode : List.of(Mode.PROCESSES, Mode.REPLICAS, Mode.INDEPENDENT)) {
        // efficiency = throughput(2) / (2 throughput(1)) = step(1) / (2 step(2)), per round
        double[] eff = ratio(single, stepMs.get(workload + " " + mode), 0.5);
        ratios.put(
            workload.toLowerCase(Locale.ROOT) + "_" + mode.name().toLowerCase() + "_eff", eff);
        w.printf(
            Locale.ROOT,
            "%s scaling efficiency, 2 %s: %.3f [%.3f-%.3f]%n",
            workload,
            mode.name().toLowerCase(Locale.ROOT),
            median(eff),
            min(eff),
            max(eff));
      }
    }
    for (String workload : List.of("MLP", "CNN")) {
      // The 2-process step against the same per-process work without the allreduce.
      double[] ofCeiling =
          ratio(stepMs.get(workload + " INDEPENDENT"), stepMs.get(workload + " PROCESSES"), 1);
      ratios.put(workload.toLowerCase(Locale.ROOT) + "_processes_of_ceiling", ofCeiling);
      w.printf(
          Locale.ROOT,
          "%s 2 processes relative to the machine's ceiling (2 independent processes): %.3f"
              + " [%.3f-%.3f]%n",
          workload,
          median(ofCeiling),
          min(ofCeiling),
          max(ofCeiling));
    }
    double[] sync = ratio(stepMs.get("CNN_SYNCBN PROCESSES"), stepMs.get("CNN PROCESSES"), 1);
    ratios.put("cnn_syncbn_over_bn_processes", sync);
    w.printf(
        Locale.ROOT,
        "CNN step time, SyncBN / per-process BN across 2 processes: %.3f [%.3f-%.3f] (target <="
            + " 1.15)%n",
        median(sync),
        min(sync),
        max(sync));
    double efficiency = median((double[]) ratios.get("mlp_processes_eff"));
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "distributed");
    report.put("processes", 2);
    report.put("threads_per_process", 1);
    report.put("rounds", rounds);
    report.put("steps", steps);
    report.put("warmup", warmup);
    report.put("cores", Runtime.getRuntime().availableProcessors());
    report.put("results", rows);
    report.put("ratios_per_round", ratios);
    report.put("distributed_scaling_efficiency", efficiency);
    Path file = out.resolve("distributed.json");
    Results.writeJson(file, report);
    w.printf("wrote %s%n", file);
    w.printf(Locale.ROOT, "distributed_scaling_efficiency=%.3f%n", efficiency);
    w.flush();
    return 0;
  }

  /** Runs one worker (under mpirun for PROCESSES) and returns "WORKLOAD MODE" -> step ms. */
  private Map<String, Double> run(Launch launch) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (launch.mode().multiProcess()) {
      command.addAll(
          List.of(
              "mpirun",
              "--allow-run-as-root",
              "--oversubscribe",
              "--bind-to",
              "none",
              // A rank waiting in a collective polls; on a loaded machine it must yield the core.
              "--mca",
              "mpi_yield_when_idle",
              "1",
              "-np",
              "2",
              "-x",
              "OMP_NUM_THREADS=1",
              "-x",
              "UCX_ERROR_SIGNALS=",
              "env")); // Open MPI rewrites a command line that starts with "java"
    }
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g",
            "-Dorg.bytedeco.javacpp.maxbytes=2g",
            "-Dorg.bytedeco.javacpp.maxphysicalbytes=3g",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "bench",
            "distributed-worker",
            "--mode",
            launch.mode().name(),
            "--workloads",
            String.join(",", launch.workloads().stream().map(Enum::name).toList()),
            "--warmup",
            Integer.toString(warmup),
            "--steps",
            Integer.toString(steps)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("OMP_NUM_THREADS", "1");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(
          "benchmark worker " + launch + " failed:\n" + output.lines().limit(40).toList());
    }
    Map<String, Double> result = new LinkedHashMap<>();
    output
        .lines()
        .filter(l -> l.startsWith("RESULT "))
        .map(l -> l.split(" "))
        .forEach(p -> result.put(p[1] + " " + p[2], Double.parseDouble(p[3])));
    if (result.size() != launch.workloads().size()) {
      throw new IllegalStateException("worker " + launch + " reported " + result + ":\n" + output);
    }
    return result;
  }

  private static double[] ratio(double[] a, double[] b, double factor) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = factor * a[i] / b[i];
    }
    return r;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }
}
