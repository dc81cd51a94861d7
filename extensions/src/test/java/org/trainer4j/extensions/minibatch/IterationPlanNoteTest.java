package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.testing.LogCapture;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * A stop trigger in iterations trains on more examples at a larger size: the search says so when it
 * changes the size, so that a user who tuned for speed is not surprised by a longer run; so does
 * the goodput extension, once.
 */
class IterationPlanNoteTest {

  @TempDir Path out;

  @RegisterExtension
  final LogCapture logs = LogCapture.of(MinibatchSizeOptimizer.class, GoodputOptimizer.class);

  @Test
  void aSearchThatChangesTheSizeOfARunPlannedInIterationsSaysHowMuchMoreItNowTrainsOn() {
    Setup s = Setup.mlp(16, 10, out); // 256 examples, stop after 10 iterations
    MinibatchSizeOptimizer search =
        MinibatchSizeOptimizer.builder(
                EpochTimeMinimize.builder().maxLoops(3).iterationsPerLoop(2).build())
            .budget(Budget.unlimited())
            .writeFiles(false)
            .build();

    search.call(s.trainer());

    assertThat(search.chosenBatchSize()).isEqualTo(19);
    assertThat(logs.messages())
        .contains(
            "the stop trigger counts iterations: its 10 iterations now train on 190 examples"
                + " (0.742 epochs) at batch size 19, against 160 (0.625 epochs) at 16; stop by"
                + " epochs to keep the amount of training fixed");
  }

  @Test
  void theGoodputExtensionSaysItOnceAtItsFirstChangeThoughItsReestimatesResizeAgain() {
    // 256 examples at 16: 16 iterations an epoch, so 40 iterations see re-estimates after epochs
    // 1 and 2.
    GoodputOptimizer goodput = GoodputRuns.goodput(LrRule.SQRT, 1).build();
    GoodputRuns.Run r = GoodputRuns.run(IntervalTrigger.iterations(40), out, goodput, null);

    r.trainer().run();

    int first = goodput.history().get(0).batchSize();
    assertThat(first).isNotEqualTo(16);
    assertThat(goodput.history()).hasSizeGreaterThan(1);
    List<String> notes =
        logs.messages().stream().filter(m -> m.startsWith("the stop trigger counts")).toList();
    assertThat(notes)
        .containsExactly(
            String.format(
                Locale.ROOT,
                "the stop trigger counts iterations: its 40 iterations now train on %d examples"
                    + " (%.3g epochs) at batch size %d, against 640 (2.50 epochs) at 16; stop by"
                    + " epochs to keep the amount of training fixed",
                40 * first,
                40.0 * first / 256,
                first));
  }

  @Test
  void aGoodputRunPlannedInEpochsHasNothingToSay() {
    GoodputOptimizer goodput = GoodputRuns.goodput(LrRule.SQRT, 0).build();
    GoodputRuns.run(IntervalTrigger.epochs(1), out, goodput, null).trainer().run();

    assertThat(goodput.history().get(0).batchSize()).isNotEqualTo(16);
    assertThat(logs.messages()).noneMatch(m -> m.startsWith("the stop trigger counts"));
  }

  @Test
  void aPlanInEpochsOrAnUnchangedSizeHasNothingToSay() {
    assertThat(PlannedTraining.epochs(3).sizeChangeNote(32, 512, 1000)).isEmpty();
    assertThat(PlannedTraining.iterations(300).sizeChangeNote(32, 32, 1000)).isEmpty();
    assertThat(PlannedTraining.iterations(300).sizeChangeNote(64, 32, 1000))
        .hasValueSatisfying(
            note -> assertThat(note).contains("9600 examples (9.60 epochs) at batch size 32"));
  }
}
