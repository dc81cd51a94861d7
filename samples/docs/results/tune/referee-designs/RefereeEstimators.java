import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.datasets.Batch;
import org.trainer4j.model.Model;
import org.trainer4j.samples.cnn.FashionCnn;

/**
 * How finely three referee designs tell two sizes apart on this machine: the project's
 * Fashion-MNIST CNN (no dropout), a size against itself (64 vs 64: true ratio 1) and 128 against
 * 64, each design once per round in a shuffled order, 12 rounds. Designs: P, two passes 10 s
 * apart (other training in between, as the tune referee's rounds put minutes between a pick and
 * the best); A, a pass between two passes of the reference (the confirming rounds' anchored
 * ratio); W, four short windows of each size alternating (X Y X Y X Y X Y X), each Y window
 * against the mean of the X windows beside it, the median of the four. A pass: 2 discarded steps,
 * then at least 5 steps and 0.4 s, the median step. A window: 1 discarded step, then 2 steps, their
 * mean. Prints each design's ratios, median, [x3, x10] of 12 (96.1 %) and seconds spent.
 */
public class RefereeEstimators {

  static Model model = Model.of(FashionCnn.build(1, 0.0));
  static final Random DATA = new Random(5);

  static Batch batch(int b) {
    INDArray x = Nd4j.rand(new int[] {b, 1, 28, 28});
    INDArray y = Nd4j.zeros(b, 10);
    for (int i = 0; i < b; i++) y.putScalar(i, DATA.nextInt(10), 1.0);
    return new Batch(x, y);
  }

  static final java.util.Map<Integer, Batch> BATCHES = new java.util.HashMap<>();

  static double step(int b) {
    Batch d = BATCHES.computeIfAbsent(b, RefereeEstimators::batch);
    long t = System.nanoTime();
    model.fit(d);
    return (System.nanoTime() - t) / 1e9;
  }

  static double pass(int b) {
    step(b);
    step(b);
    List<Double> s = new ArrayList<>();
    double total = 0;
    while (s.size() < 5 || total < 0.4) {
      double x = step(b);
      s.add(x);
      total += x;
    }
    Collections.sort(s);
    int n = s.size();
    double med = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    return med / b;
  }

  static double window(int b) {
    step(b);
    return (step(b) + step(b)) / 2 / b;
  }

  static void filler(double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end) step(32);
  }

  static double design(char d, int x, int y) {
    switch (d) {
      case 'P': {
        double a = pass(x);
        filler(10);
        double c = pass(y);
        return c / a;
      }
      case 'A': {
        double a = pass(x), c = pass(y), a2 = pass(x);
        return c / ((a + a2) / 2);
      }
      default: {
        List<Double> r = new ArrayList<>();
        double prev = window(x);
        for (int i = 0; i < 4; i++) {
          double c = window(y);
          double next = window(x);
          r.add(c / ((prev + next) / 2));
          prev = next;
        }
        Collections.sort(r);
        return (r.get(1) + r.get(2)) / 2;
      }
    }
  }

  public static void main(String[] args) {
    int rounds = 12;
    int[][] pairs = {{64, 64}, {64, 128}};
    char[] designs = {'P', 'A', 'W'};
    double[][][] ratios = new double[pairs.length][designs.length][rounds];
    double[][] seconds = new double[pairs.length][designs.length];
    Random order = new Random(3);
    filler(5); // warm-up
    pass(64); pass(128);
    for (int r = 0; r < rounds; r++) {
      List<int[]> jobs = new ArrayList<>();
      for (int p = 0; p < pairs.length; p++) for (int d = 0; d < designs.length; d++) jobs.add(new int[] {p, d});
      Collections.shuffle(jobs, order);
      for (int[] j : jobs) {
        long t = System.nanoTime();
        ratios[j[0]][j[1]][r] = design(designs[j[1]], pairs[j[0]][0], pairs[j[0]][1]);
        seconds[j[0]][j[1]] += (System.nanoTime() - t) / 1e9;
      }
      System.gc();
      System.out.printf("round %d done%n", r + 1);
    }
    for (int p = 0; p < pairs.length; p++) {
      for (int d = 0; d < designs.length; d++) {
        double[] v = ratios[p][d].clone();
        java.util.Arrays.sort(v);
        StringBuilder sb = new StringBuilder();
        for (double x : ratios[p][d]) sb.append(String.format(" %.3f", x));
        System.out.printf(
            "%d vs %d design %c: median %.3f [%.3f, %.3f] width %.3f, %.0f s;%s%n",
            pairs[p][1], pairs[p][0], designs[d], (v[5] + v[6]) / 2, v[2], v[9], v[9] - v[2], seconds[p][d], sb);
      }
    }
  }
}
