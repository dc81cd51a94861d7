import com.google.common.base.Ticker;
import java.util.*;
import org.trainer4j.datasets.*;
import org.trainer4j.extensions.minibatch.ProbeRun;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.samples.cnn.FashionCnn;
import org.trainer4j.samples.data.FashionMnist;
import org.trainer4j.training.updaters.StandardUpdater;

public class WarmProbe {
  static final long T0 = System.nanoTime();
  public static void main(String[] a) throws Exception {
    FashionMnist fm = FashionMnist.load(ImageLayout.CHANNELS_FIRST);
    Model model = Model.of(FashionCnn.build(1, 0.4));
    Adam opt = new Adam(0.001); opt.setup(model);
    SerialIterator it = SerialIterator.builder(fm.train()).batchSize(32).seed(1).build();
    StandardUpdater up = new StandardUpdater(it, opt);
    String plan = a.length > 0 ? a[0] : "32x40,64x12,32x20,64x12,128x8,32x12";
    try (ProbeRun run = ProbeRun.over(up, Ticker.systemTicker())) {
      for (String seg : plan.split(",")) {
        String[] p = seg.split("x");
        int b = Integer.parseInt(p[0]), n = Integer.parseInt(p[1]);
        double[] s = run.run(b, n);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k + 10 <= n; k += 10) { double[] c = Arrays.copyOfRange(s, k, k + 10); Arrays.sort(c); sb.append(String.format(" %.2f", 1000 * (c[4] + c[5]) / 2 / b)); }
        double[] c = s.clone(); Arrays.sort(c);
        System.out.printf("t=%.1fs B=%d n=%d median %.2f ms/ex, medians of 10: %s%n", (System.nanoTime() - T0) / 1e9, b, n, 1000 * c[n / 2] / b, sb);
      }
    }
  }
}
