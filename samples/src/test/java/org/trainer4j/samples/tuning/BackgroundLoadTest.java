package org.trainer4j.samples.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackgroundLoadTest {

  @Test
  void holdsUntilClosed() {
    BackgroundLoad load = new BackgroundLoad(1, 0.01, 0.01, 60);
    assertThat(load.held()).isTrue();
    load.close();
    assertThat(load.held()).isFalse();
  }

  @Test
  void saysSoOnceItsTimeBoundHasPassed() throws InterruptedException {
    try (BackgroundLoad load = new BackgroundLoad(1, 0.01, 0.01, 0.05)) {
      Thread.sleep(200);
      assertThat(load.held()).isFalse();
    }
  }
}
