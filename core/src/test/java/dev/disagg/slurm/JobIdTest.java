package dev.disagg.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobIdTest {

    @Test
    void acceptsDigitsAroundWhichSpaceIsIgnored() {
        assertThat(JobId.of(" 42\n").value()).isEqualTo("42");
    }

    // Only ids may reach scancel: a name or an option must never pass for one.
    @ParameterizedTest
    @ValueSource(strings = {"", "my-job", "--user=bob", "12;rm", "12 13", "-1"})
    void rejectsAnythingButAnId(String text) {
        assertThatThrownBy(() -> JobId.of(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a SLURM job id");
    }
}
