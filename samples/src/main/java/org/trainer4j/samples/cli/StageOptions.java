package org.trainer4j.samples.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The {@code --channels} option of the samples that train the VGG-style CNN. */
public final class StageOptions {

  /** The GroupNorm groups of the samples' CNNs, which must divide every stage's channels. */
  static final int GROUPS = 4;

  /** The most stages: each halves the 32x32 images, and the last must keep at least 1x1. */
  static final int MAX_STAGES = 5;

  @Option(
      names = "--channels",
      split = ",",
      defaultValue = "16,32,64,128,128",
      description =
          "Channels of each stage, multiples of "
              + GROUPS
              + " (GroupNorm's groups), at most "
              + MAX_STAGES
              + " stages; 2x2 pooling follows each stage. Default ${DEFAULT-VALUE}:"
              + " VGG16's five stages at a quarter of its width, so that the last stage runs at"
              + " 2x2, where small batches give BatchNorm few values per channel.")
  List<Integer> channels;

  /** The channels of each stage. */
  int[] channels() {
    return channels.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Refuses before any data is read what the network would refuse after: {@code --channels 0} once
   * ended in a DL4J layer error once the dataset had loaded.
   */
  void check(CommandSpec spec) {
    OptionChecks.eachAtLeast(spec, "--channels", channels, GROUPS);
    for (int c : channels) {
      if (c % GROUPS != 0) {
        throw new ParameterException(
            spec.commandLine(),
            String.format(
                "--channels must be multiples of %d (GroupNorm's groups), got %d in %s",
                GROUPS, c, channels));
      }
    }
    if (channels.size() > MAX_STAGES) {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              "--channels gives %d stages; 32x32 images allow at most %d 2x2 poolings",
              channels.size(), MAX_STAGES));
    }
  }
}
