package org.trainer4j.samples.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TuneRunTest {

  @Test
  void plainNamesRunAloneAndOnceMoreLoadedUnderBackgroundLoad() {
    assertThat(TuneRun.of(List.of("mlp", "tiny"), true))
        .containsExactly(
            new TuneRun("mlp", false),
            new TuneRun("mlp", true),
            new TuneRun("tiny", false),
            new TuneRun("tiny", true));
    assertThat(TuneRun.of(List.of("mlp", "tiny"), false))
        .containsExactly(new TuneRun("mlp", false), new TuneRun("tiny", false));
  }

  @Test
  void aLoadedNameRunsLoadedOnly() {
    assertThat(TuneRun.of(List.of("cnn+load"), false)).containsExactly(new TuneRun("cnn", true));
  }

  @Test
  void aRunNamedTwiceRunsOnce() {
    // "tiny+load" with --background-load measured the loaded tiny rows twice and listed both.
    assertThat(TuneRun.of(List.of("tiny", "tiny+load", "loading", "loading+load", "tiny"), true))
        .containsExactly(
            new TuneRun("tiny", false),
            new TuneRun("tiny", true),
            new TuneRun("loading", false),
            new TuneRun("loading", true));
  }
}
