package org.trainer4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.trainer4j.parallel.ReplicaGroup;

/** Runs one task per rank of a {@link ReplicaGroup}, each on its own thread. */
public final class ReplicaThreads {

  private ReplicaThreads() {}

  /** The results of {@code task(rank)} in rank order; rethrows the first failure. */
  public static <T> List<T> run(ReplicaGroup group, IntFunction<T> task) {
    ExecutorService pool = Executors.newFixedThreadPool(group.size());
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int rank = 0; rank < group.size(); rank++) {
        int r = rank;
        futures.add(pool.submit(() -> task.apply(r)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }
}
