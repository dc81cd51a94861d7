package org.trainer4j.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommunicatorsTest {

  @Test
  void withoutAnMpiLauncherTheJobIsOneProcess() {
    Communicator comm = Communicators.auto(Duration.ofSeconds(1), Map.of("PATH", "/usr/bin"));

    assertThat(comm.size()).isEqualTo(1);
    assertThat(comm.describe()).isEqualTo("single process");
  }

  @Test
  void recognizesMpirunAndSlurmPmixLaunches() {
    assertThat(Communicators.Launch.of(Map.of("OMPI_COMM_WORLD_SIZE", "4")).size()).isEqualTo(4);
    assertThat(Communicators.Launch.of(Map.of("PMIX_RANK", "0", "SLURM_NTASKS", "8")).size())
        .isEqualTo(8);
    assertThat(Communicators.Launch.of(Map.of())).isNull();
  }
}
