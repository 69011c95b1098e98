package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepMainTest {
    @Test
    void jobStepsStartTheCliThroughIt() {
        assertThat(CaseOptions.selfCommand()).contains(" -cp ").endsWith(" " + StepMain.class.getName())
                .contains(CaseOptions.STEP_JVM_OPTIONS);
    }
}
