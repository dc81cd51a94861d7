package org.trainer4j.samples.cli;

import java.io.PrintStream;
import java.nio.file.Path;
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
    FashionMnist fm = data != null ? FashionMnist.load(data, layout) : FashionMnist.load(layout);
    out.println("data: " + fm.source());
    return fm;
  }
}
