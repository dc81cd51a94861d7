package org.trainer4j.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CollectiveWatchdogTest {

  @Test
  void aTimeoutTooLongToCountInNanosecondsIsCutToTheLongestThatCounts() {
    // Without a duplicate communicator the watchdog never calls MPI, so no library is needed.
    try (CollectiveWatchdog watchdog =
        new CollectiveWatchdog(null, null, 0, 1, Duration.ofSeconds(Long.MAX_VALUE), m -> {})) {

      assertThat(watchdog.timeout()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    }
  }
}
