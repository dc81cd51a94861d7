package org.trainer4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.testing.Fuzzing;
import org.trainer4j.testing.TestModels;

/**
 * The network bytes inside a snapshot, mutated (a forged snapshot passes its checksums): loading
 * ends in the model's state or an {@link IllegalStateException} naming the path, never an {@code
 * OutOfMemoryError}, a native allocation failure or a hang (256 MiB heap, JavaCPP capped alike).
 */
@Tag("fuzz")
class NetworkLoadingFuzzTest {

  @Test
  void mutatedNetworkBytesLoadOrFailWithAnIllegalStateException() throws Exception {
    Model source = TestModels.mlp(8, 8, 3, 1);
    StateTree saved = new StateTree();
    source.serialize(new StateWriter(saved));
    Model target = TestModels.mlp(8, 8, 3, 2);

    Fuzzing.Report report =
        Fuzzing.run(
            "network",
            List.of((byte[]) saved.get("network")),
            200,
            List.of(IllegalStateException.class),
            input -> {
              StateTree state = new StateTree();
              state.put("training", true);
              state.put("network", input);
              target.serialize(new StateReader(state));
            });

    assertThat(report.rejectedTotal()).isPositive();
  }
}
