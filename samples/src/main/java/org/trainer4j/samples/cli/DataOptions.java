package org.trainer4j.samples.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import org.trainer4j.datasets.ImageLayout;
import org.trainer4j.samples.data.FashionMnist;
import picocli.CommandLine.Option;

/** The {@code --data} option shared by the samples that train on Fashion-MNIST. */
public final class DataOptions {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Directory with the four Fashion-MNIST (or MNIST) IDX files. Default: the installed"
              + " Debian dataset-fashion-mnist if present, else the bundled real subset.")
  Path data;

  /** Loads the data and says on {@code out} which data it is. */
  FashionMnist load(ImageLayout layout, PrintStream out) {
    return load(layout, out, FashionMnist.defaultLocation());
  }

  /**
   * Loads {@code --data}, else the full set at {@code installed}, else the bundled subset. A user
   * who did not ask for the subset is told how to get the full set: results on 6,000 images are not
   * the full set's, and a run that silently trained on them would be mistaken for one.
   */
  FashionMnist load(ImageLayout layout, PrintStream out, Optional<Path> installed) {
    FashionMnist fm =
        data != null
            ? FashionMnist.load(data, layout)
            : FashionMnist.installedOrBundled(installed, layout);
    out.println("data: " + fm.source());
    if (data == null && fm.bundled()) {
      out.println(
          "note: the full Fashion-MNIST is not installed at "
              + FashionMnist.SYSTEM_LOCATION
              + " (Debian: apt-get install dataset-fashion-mnist), or pass --data DIR;"
              + " this run uses the bundled subset");
    }
    return fm;
  }
}
