package org.trainer4j.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @ParameterizedTest
  @ValueSource(strings = {"", "two", "0", "-1", "4.0", "99999999999"})
  void aProcessCountThatIsNoPositiveIntegerIsRefusedNamingTheVariableAndItsValue(String value) {
    assertThatThrownBy(() -> Communicators.Launch.of(Map.of("OMPI_COMM_WORLD_SIZE", value)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "environment variable OMPI_COMM_WORLD_SIZE='" + value + "' is not a positive number");
    assertThatThrownBy(
            () -> Communicators.Launch.of(Map.of("PMIX_RANK", "0", "SLURM_NTASKS", value)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("environment variable SLURM_NTASKS='" + value + "'");
  }

  @Test
  void aPmixLaunchWithoutSlurmNtasksHasAnUnknownSizeAndSaysWhy() {
    Communicators.Launch launch = Communicators.Launch.of(Map.of("PMIX_RANK", "0"));

    assertThat(launch.size()).isEqualTo(Communicators.Launch.UNKNOWN);
    // Not "started 0 processes", and never taken for one process when MPI cannot be loaded.
    assertThat(launch.describeSize())
        .isEqualTo("an unknown number of processes (SLURM_NTASKS unset)");
    assertThat(Communicators.Launch.of(Map.of("OMPI_COMM_WORLD_SIZE", " 2 ")).describeSize())
        .isEqualTo("2 processes");
  }

  @Test
  void aPmixLaunchWithoutSlurmNtasksThatCannotLoadMpiSaysWhatIsMissingAndWhatToDo() {
    Communicators.Launch launch = Communicators.Launch.of(Map.of("PMIX_RANK", "0"));

    assertThat(launch.withoutMpi(new UnsatisfiedLinkError("cannot load libmpi")))
        .hasMessage(
            "a PMIx launcher (srun --mpi=pmix) started an unknown number of processes"
                + " (SLURM_NTASKS unset) but MPI is unusable: cannot load libmpi; set SLURM_NTASKS"
                + " to the number of processes started (1 runs this one alone, without MPI)");
  }

  @Test
  void aLaunchOfSeveralProcessesThatCannotLoadMpiSaysHowMany() {
    Communicators.Launch launch = Communicators.Launch.of(Map.of("OMPI_COMM_WORLD_SIZE", "4"));

    assertThat(launch.withoutMpi(new UnsatisfiedLinkError("cannot load libmpi")))
        .hasMessage("mpirun started 4 processes but MPI is unusable: cannot load libmpi");
  }

  @Test
  void theTimeoutPropertyIsSecondsAndItsAbsenceTheDefault() {
    assertThat(Communicators.timeoutFrom(null)).isEqualTo(Communicators.DEFAULT_TIMEOUT);
    assertThat(Communicators.timeoutFrom("90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Communicators.timeoutFrom(" 0.25 ")).isEqualTo(Duration.ofMillis(250));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5m", "", "0", "-3", "NaN", "Infinity", "1e300"})
  void aTimeoutPropertyThatIsNoPositiveNumberOfSecondsIsRefusedNamingTheProperty(String text) {
    assertThatThrownBy(() -> Communicators.timeoutFrom(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-Dtrainer4j.collective.timeout=" + text)
        .hasMessageContaining("positive number of seconds");
  }
}
