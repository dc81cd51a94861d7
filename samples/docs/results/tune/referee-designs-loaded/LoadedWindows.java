import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.Batch;
import org.trainer4j.model.Model;
import org.trainer4j.samples.cnn.FashionCnn;

/**
 * Referee designs under the tune benchmark's on/off load (2 busy threads, 1.5 s on, 1.5 s off) on
 * the project's Fashion-MNIST CNN (no dropout): 128 against itself and 128 against 32, ten
 * rounds, designs in a shuffled order each round. W: four windows of 1 discarded + 2 timed steps
 * alternating with the reference's (X Y X Y X Y X Y X), the median of each Y window against the
 * mean of the X windows beside it. A: a pass of Y between two of X (2 discarded steps, then at
 * least 5 steps and one period, 3 s; the mean step), Y against the mean of the two. L: two windows
 * of a whole period each (1 discarded step, then steps until 3 s; the mean) alternating (X Y X Y
 * X), the median of the two ratios. D: one window of two periods (6 s) between two of X. Step
 * times are per example; each ratio is Y over X. Prints each design's ratios, median, [x2, x9] of
 * 10 (97.9 %) and seconds. System properties (the defaults are the committed CNN run): {@code
 * -Dmodel=mlp} for the tune benchmark's MLP (784-256-256-10 with batch norm, its width 0.5),
 * {@code -Dpairs=2048:2048,2048:512} (reference:size), {@code -Ddesigns=LD}.
 */
public class LoadedWindows {

  static final boolean MLP = "mlp".equals(System.getProperty("model"));
  static Model model = Model.of(MLP ? mlp() : FashionCnn.build(1, 0.0));

  static MultiLayerNetwork mlp() {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(1)
            .updater(new Adam(1e-3))
            .list()
            .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.IDENTITY).build())
            .layer(new BatchNormalization.Builder().build())
            .layer(new ActivationLayer(Activation.RELU))
            .layer(new DenseLayer.Builder().nOut(256).activation(Activation.IDENTITY).build())
            .layer(new BatchNormalization.Builder().build())
            .layer(new ActivationLayer(Activation.RELU))
            .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
            .setInputType(InputType.feedForward(784))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }
  static final Random DATA = new Random(5);
  static final Map<Integer, Batch> BATCHES = new HashMap<>();
  static volatile boolean stop;

  static Batch batch(int b) {
    INDArray x = MLP ? Nd4j.rand(new int[] {b, 784}) : Nd4j.rand(new int[] {b, 1, 28, 28});
    INDArray y = Nd4j.zeros(b, 10);
    for (int i = 0; i < b; i++) y.putScalar(i, DATA.nextInt(10), 1.0);
    return new Batch(x, y);
  }

  static double step(int b) {
    Batch d = BATCHES.computeIfAbsent(b, LoadedWindows::batch);
    long t = System.nanoTime();
    model.fit(d);
    return (System.nanoTime() - t) / 1e9;
  }

  /** Discards {@code warm} steps, then times at least {@code min} steps and {@code seconds}: mean. */
  static double timed(int b, int warm, int min, double seconds) {
    for (int i = 0; i < warm; i++) step(b);
    int n = 0;
    double total = 0;
    while (n < min || total < seconds) {
      total += step(b);
      n++;
    }
    return total / n / b;
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static double alternate(int x, int y, int pairs, int warm, int min, double seconds) {
    List<Double> r = new ArrayList<>();
    double before = timed(x, warm, min, seconds);
    for (int i = 0; i < pairs; i++) {
      double own = timed(y, warm, min, seconds);
      double after = timed(x, warm, min, seconds);
      r.add(own / ((before + after) / 2));
      before = after;
    }
    return median(r);
  }

  static double design(char d, int x, int y) {
    return switch (d) {
      case 'W' -> alternate(x, y, 4, 1, 2, 0.0);
      case 'A' -> alternate(x, y, 1, 2, 5, 3.0);
      case 'D' -> alternate(x, y, 1, 1, 1, 6.0);
      default -> alternate(x, y, 2, 1, 1, 3.0);
    };
  }

  public static void main(String[] args) throws Exception {
    List<Thread> load = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < 2; i++) {
      Thread t =
          new Thread(
              () -> {
                double x = 0;
                while (!stop) {
                  double phase = ((System.nanoTime() - start) / 1e9) % 3.0;
                  if (phase < 1.5) {
                    x += Math.sqrt(x + phase);
                  } else {
                    try {
                      Thread.sleep(5);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }
                if (x == -1) System.out.print("");
              });
      t.setDaemon(true);
      t.start();
      load.add(t);
    }
    int rounds = 10;
    String[] given = System.getProperty("pairs", "128:128,32:128").split(",");
    int[][] pairs = new int[given.length][];
    for (int p = 0; p < given.length; p++) {
      String[] xy = given[p].split(":");
      pairs[p] = new int[] {Integer.parseInt(xy[0]), Integer.parseInt(xy[1])};
    }
    char[] designs = System.getProperty("designs", "WAL").toCharArray();
    double[][][] ratios = new double[pairs.length][designs.length][rounds];
    double[][] seconds = new double[pairs.length][designs.length];
    Random order = new Random(3);
    for (int[] p : pairs) {
      timed(p[0], 5, 20, 3);
      timed(p[1], 2, 5, 3);
    }
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
    stop = true;
    for (int p = 0; p < pairs.length; p++) {
      for (int d = 0; d < designs.length; d++) {
        double[] v = ratios[p][d].clone();
        java.util.Arrays.sort(v);
        StringBuilder sb = new StringBuilder();
        for (double x : ratios[p][d]) sb.append(String.format(" %.3f", x));
        System.out.printf(
            "%d vs %d design %c: median %.3f [%.3f, %.3f] width %.3f, %.0f s;%s%n",
            pairs[p][1], pairs[p][0], designs[d], (v[4] + v[5]) / 2, v[1], v[8], v[8] - v[1], seconds[p][d], sb);
      }
    }
  }
}
