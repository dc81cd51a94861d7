package org.trainer4j.samples.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --channels} option of the samples that train the VGG-style CNN. */
public final class StageOptions {

  @Option(
      names = "--channels",
      split = ",",
      defaultValue = "16,32,64,128,128",
      description =
          "Channels of each stage; 2x2 pooling follows each stage. Default ${DEFAULT-VALUE}:"
              + " VGG16's five stages at a quarter of its width, so that the last stage runs at"
              + " 2x2, where small batches give BatchNorm few values per channel.")
  List<Integer> channels;

  /** The channels of each stage. */
  int[] channels() {
    return channels.stream().mapToInt(Integer::intValue).toArray();
  }
}
