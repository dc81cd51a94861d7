import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.Batch;
import org.trainer4j.model.Model;

/**
 * Step times of the time-to-accuracy MLP (784 -> 256 -> 256 -> 10, batch norm, Adam; the tune
 * benchmark's MLP has the same layers twice as wide) at a fixed size in one JVM: a model trained from cold, the same model again, copies of it, another size and
 * a fresh model. Each group of ten steps prints "fastest step ms / sum of the ten ms / JIT compile
 * ms during them". Argument "raw": plain DL4J MultiLayerNetwork.fit and clone() instead of
 * trainer4j's Model.fit and copy(), to tell the framework from the library.
 */
public class PlateauProbe {

  interface Net {
    void fit(int i, boolean wide);

    Net copy();
  }

  static MultiLayerNetwork network(long seed) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .weightInit(WeightInit.RELU)
            .updater(new Adam(1e-3))
            .list()
            .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.IDENTITY).build())
            .layer(new BatchNormalization.Builder().build())
            .layer(new ActivationLayer(Activation.RELU))
            .layer(new DenseLayer.Builder().nOut(256).activation(Activation.IDENTITY).build())
            .layer(new BatchNormalization.Builder().build())
            .layer(new ActivationLayer(Activation.RELU))
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(10)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(InputType.feedForward(784))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  static final List<DataSet> B32 = batches(32);
  static final List<DataSet> B64 = batches(64);

  static List<DataSet> batches(int size) {
    Nd4j.getRandom().setSeed(size);
    List<DataSet> list = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      INDArray labels = Nd4j.zeros(size, 10);
      for (int r = 0; r < size; r++) {
        labels.putScalar(r, (r * 7 + i) % 10, 1.0);
      }
      list.add(new DataSet(Nd4j.rand(size, 784), labels));
    }
    return list;
  }

  static Net raw(MultiLayerNetwork n) {
    return new Net() {
      public void fit(int i, boolean wide) {
        n.fit((wide ? B64 : B32).get(i % 50));
      }

      public Net copy() {
        return raw(n.clone());
      }
    };
  }

  static Net framework(Model m) {
    return new Net() {
      public void fit(int i, boolean wide) {
        DataSet d = (wide ? B64 : B32).get(i % 50);
        m.fit(new Batch(d.getFeatures(), d.getLabels()));
      }

      public Net copy() {
        return framework(m.copy());
      }
    };
  }

  /** Milliseconds of every step timed, for the run's total. */
  static double totalMs;

  static void run(String name, Net net, boolean wide, int steps) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    StringBuilder line = new StringBuilder(name + ":");
    for (int group = 0; group < steps / 10; group++) {
      long compiled = jit.getTotalCompilationTime();
      double fastest = Double.MAX_VALUE;
      double sum = 0;
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        net.fit(group * 10 + i, wide);
        double ms = (System.nanoTime() - start) / 1e6;
        fastest = Math.min(fastest, ms);
        sum += ms;
      }
      totalMs += sum;
      line.append(
          String.format(" %.1f/%.0f/j%d", fastest, sum, jit.getTotalCompilationTime() - compiled));
    }
    System.out.println(line);
  }

  public static void main(String[] args) {
    boolean rawDl4j = args.length > 0 && args[0].equals("raw");
    Net a = rawDl4j ? raw(network(1)) : framework(Model.of(network(1)));
    run("A from cold", a, false, 300);
    run("A again", a, false, 200);
    run("B = copy of A", a.copy(), false, 300);
    run("A after B", a, false, 100);
    Net c = a.copy();
    run("C = copy of A", c, false, 200);
    run("C at 64", c, true, 200);
    run("C back at 32", c, false, 100);
    run("D fresh model", rawDl4j ? raw(network(2)) : framework(Model.of(network(2))), false, 200);
    System.out.printf("total: %.2f s of steps%n", totalMs / 1e3);
  }
}
