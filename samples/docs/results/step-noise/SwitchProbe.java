import com.google.common.base.Ticker;
import java.util.*;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.*;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.*;
import org.trainer4j.extensions.minibatch.ProbeRun;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.samples.data.FashionMnist;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * Are the steps just after a change of size slow, and for how many steps? The time-to-accuracy
 * MLP (784-256-256-10, BN), one ProbeRun over copies, run at 32 first (args[1] steps, 300 by
 * default, not timed); then a cycle of sizes, each run for 10 steps timed one by one, repeated
 * args[0] times (6). Prints each size's first visit step by step, then, per step index after a
 * change (1..10), the median over all changes of step k / the median of steps 5-10 of that visit.
 */
public class SwitchProbe {
  public static void main(String[] a) throws Exception {
    FashionMnist fm = FashionMnist.load(ImageLayout.FLAT);
    var conf = new NeuralNetConfiguration.Builder().seed(1).weightInit(WeightInit.RELU).list()
        .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.IDENTITY).build())
        .layer(new BatchNormalization.Builder().build())
        .layer(new ActivationLayer(Activation.RELU))
        .layer(new DenseLayer.Builder().nOut(256).activation(Activation.IDENTITY).build())
        .layer(new BatchNormalization.Builder().build())
        .layer(new ActivationLayer(Activation.RELU))
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.feedForward(784)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf); net.init();
    Model model = Model.of(net);
    Adam opt = new Adam(0.001); opt.setup(model);
    SerialIterator it = SerialIterator.builder(fm.train()).batchSize(32).seed(1).build();
    StandardUpdater up = new StandardUpdater(it, opt);
    int[] cycle = {64, 128, 32, 256, 128, 64, 512, 32, 128, 256};
    int cycles = a.length > 0 ? Integer.parseInt(a[0]) : 6;
    Map<Integer, List<double[]>> bySize = new TreeMap<>();
    try (ProbeRun run = ProbeRun.over(up, Ticker.systemTicker())) {
      int pre = a.length > 1 ? Integer.parseInt(a[1]) : 300;
      run.run(32, pre); // the process's JIT warm-up, not measured
      for (int c = 0; c < cycles; c++) {
        for (int b : cycle) {
          double[] s = run.run(b, 10);
          double[] tail = Arrays.copyOfRange(s, 4, 10); Arrays.sort(tail);
          double ref = (tail[2] + tail[3]) / 2;
          double[] r = new double[10];
          for (int k = 0; k < 10; k++) r[k] = s[k] / ref;
          bySize.computeIfAbsent(b, x -> new ArrayList<>()).add(r);
          if (c == 0) {
            StringBuilder sb = new StringBuilder(String.format("first visit B=%d, ms/step:", b));
            for (double x : s) sb.append(String.format(" %.1f", 1000 * x));
            System.out.println(sb);
          }
        }
      }
    }
    List<double[]> all = new ArrayList<>();
    bySize.values().forEach(all::addAll);
    System.out.println("step k after a change of size: median (and 75th percentile) of step k / median of steps 5-10");
    print("all", all);
    bySize.forEach((b, l) -> print("B=" + b, l));
  }
  static void print(String name, List<double[]> rows) {
    StringBuilder sb = new StringBuilder(String.format("%-6s n=%3d", name, rows.size()));
    for (int k = 0; k < 10; k++) {
      double[] v = new double[rows.size()];
      for (int i = 0; i < v.length; i++) v[i] = rows.get(i)[k];
      Arrays.sort(v);
      sb.append(String.format("  %d:%.2f(%.2f)", k + 1, v[v.length / 2], v[(3 * v.length) / 4]));
    }
    System.out.println(sb);
  }
}
