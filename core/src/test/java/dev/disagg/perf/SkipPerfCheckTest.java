package dev.disagg.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SkipPerfCheckTest {

    private static Optional<Boolean> option(String s) {
        return s.equals("-") ? Optional.empty() : Optional.of(Boolean.parseBoolean(s));
    }

    private static Optional<String> env(String s) {
        return s.equals("-") ? Optional.empty() : Optional.of(s);
    }

    @ParameterizedTest(name = "option {0}, env {1} -> skip {2} from {3}")
    @CsvSource({
            "-,     -,      false, DEFAULT",
            "-,     true,   true,  ENVIRONMENT",
            "-,     TRUE,   true,  ENVIRONMENT",
            "-,     False,  false, ENVIRONMENT",
            "-,     '  ',   false, DEFAULT",
            "true,  -,      true,  OPTION",
            "false, true,   false, OPTION",
            "true,  false,  true,  OPTION",
            "false, garbage, false, OPTION",
    })
    void theExplicitOptionWinsThenTheEnvironmentThenFalse(String opt, String envValue, boolean skip, SkipDecision.Source source) {
        SkipDecision d = SkipPerfCheck.resolve(option(opt.trim()), env(envValue));
        assertThat(d.skip()).isEqualTo(skip);
        assertThat(d.source()).isEqualTo(source);
    }

    @Test
    void anythingButTrueOrFalseInTheEnvironmentIsAUserError() {
        assertThatThrownBy(() -> SkipPerfCheck.resolve(Optional.empty(), Optional.of("yes")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("SKIP_PERF_CHECK must be true or false (any case), got 'yes'; unset it or pass --skip-perf-check=true|false");
    }

    @Test
    void describesWhereTheDecisionCameFrom() {
        assertThat(new SkipDecision(true, SkipDecision.Source.ENVIRONMENT).describe()).isEqualTo("SKIP_PERF_CHECK=true from the environment");
        assertThat(new SkipDecision(true, SkipDecision.Source.OPTION).describe()).isEqualTo("--skip-perf-check=true (explicit option)");
    }
}
