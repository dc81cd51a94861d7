package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A stop trigger in iterations trains on more examples at a larger size: the search says so when it
 * changes the size, so that a user who tuned for speed is not surprised by a longer run.
 */
class IterationPlanNoteTest {

  @TempDir Path out;

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(MinibatchSizeOptimizer.class);

  @BeforeEach
  void capture() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logs);
  }

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
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .contains(
            "the stop trigger counts iterations: its 10 iterations now train on 190 examples"
                + " (0.742 epochs) at batch size 19, against 160 (0.625 epochs) at 16; stop by"
                + " epochs to keep the amount of training fixed");
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
