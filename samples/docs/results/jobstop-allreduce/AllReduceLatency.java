import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.Communicators;
import org.trainer4j.parallel.ReduceOp;

/** Median microseconds of JobStop's collective (one double, MAX) in the job it runs in. */
public class AllReduceLatency {
  public static void main(String[] args) {
    try (Communicator comm = Communicators.auto()) {
      int n = 2000;
      long[] ns = new long[n];
      for (int i = 0; i < 200; i++) comm.allReduce(0, ReduceOp.MAX);
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        comm.allReduce(0, ReduceOp.MAX);
        ns[i] = System.nanoTime() - t;
      }
      java.util.Arrays.sort(ns);
      if (comm.isRoot()) {
        System.out.printf("ranks=%d median_us=%.1f p90_us=%.1f p99_us=%.1f%n", comm.size(),
            ns[n / 2] / 1e3, ns[n * 9 / 10] / 1e3, ns[n * 99 / 100] / 1e3);
      }
    }
  }
}
