package org.trainer4j.samples.tuning;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One row group of the tune benchmark: a workload, alone or under the background load.
 *
 * @param workload the workload's name without {@link TuneBenchmark#LOADED}
 * @param loaded whether it runs under the benchmark's background load
 */
record TuneRun(String workload, boolean loaded) {

  /**
   * The runs that {@code --workloads} and {@code --background-load} ask for, in the order named,
   * each once: a plain name runs alone, and once more loaded with {@code backgroundLoad}; a name
   * with {@link TuneBenchmark#LOADED} runs loaded only. A run named twice ("tiny,tiny+load" with
   * {@code --background-load}) would measure the same rows twice and list both in the table.
   */
  static List<TuneRun> of(List<String> workloads, boolean backgroundLoad) {
    Set<TuneRun> runs = new LinkedHashSet<>();
    for (String name : workloads) {
      if (name.endsWith(TuneBenchmark.LOADED)) {
        runs.add(
            new TuneRun(name.substring(0, name.length() - TuneBenchmark.LOADED.length()), true));
        continue;
      }
      runs.add(new TuneRun(name, false));
      if (backgroundLoad) {
        runs.add(new TuneRun(name, true));
      }
    }
    return new ArrayList<>(runs);
  }
}
