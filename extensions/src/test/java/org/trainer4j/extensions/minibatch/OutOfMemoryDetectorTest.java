package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutOfMemoryDetectorTest {

  @Test
  void recognisesTheNativeAllocatorsFailedToAllocate() {
    assertThat(
            OutOfMemoryDetector.isOutOfMemory(
                new RuntimeException("Failed to allocate 1073741824 bytes from HOST memory")))
        .isTrue();
  }

  @Test
  void recognisesJavaCppsPhysicalMemoryLimit() {
    assertThat(
            OutOfMemoryDetector.isOutOfMemory(
                new OutOfMemoryError(
                    "Physical memory usage is too high: physicalBytes (3G) > maxPhysicalBytes"
                        + " (2G)")))
        .isTrue();
  }

  @Test
  void recognisesAnyOutOfMemoryErrorAndCudaMessages() {
    assertThat(OutOfMemoryDetector.isOutOfMemory(new OutOfMemoryError("Java heap space"))).isTrue();
    assertThat(
            OutOfMemoryDetector.isOutOfMemory(
                new IllegalStateException("cudaMalloc failed: out of memory")))
        .isTrue();
  }

  @Test
  void looksThroughTheCauseChain() {
    Throwable wrapped =
        new IllegalStateException(
            "step failed",
            new RuntimeException("wrapper", new OutOfMemoryError("Cannot allocate")));

    assertThat(OutOfMemoryDetector.isOutOfMemory(wrapped)).isTrue();
  }

  @Test
  void otherFailuresAreNotOutOfMemory() {
    assertThat(
            OutOfMemoryDetector.isOutOfMemory(
                new IllegalArgumentException("Labels and preOutput must have equal shapes")))
        .isFalse();
    assertThat(OutOfMemoryDetector.isOutOfMemory(new NullPointerException())).isFalse();
  }

  @Test
  void survivesACauseCycle() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);

    assertThat(OutOfMemoryDetector.isOutOfMemory(a)).isFalse();
  }
}
