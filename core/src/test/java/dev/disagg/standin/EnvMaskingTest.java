package dev.disagg.standin;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.disagg.cli.UserError;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stand-in's complaint about a variable never repeats the value of a secret-looking one. */
class EnvMaskingTest {

    @Test
    void aBadValueOfASecretLookingVariableIsNotRepeated() {
        Env env = new Env(Map.of("MY_TOKEN_TTL", "tok-abc123", "PLAIN_LIMIT", "abc", "API_KEY_ON", "maybe-secret"));

        assertThatThrownBy(() -> env.intAtLeast("MY_TOKEN_TTL", 0, 0)).isInstanceOf(UserError.class)
                .hasMessage("MY_TOKEN_TTL='***': '***' is not a whole number >= 0");
        assertThatThrownBy(() -> env.bool("API_KEY_ON", false)).hasMessage("API_KEY_ON='***': expected true or false");
        assertThatThrownBy(() -> env.intAtLeast("PLAIN_LIMIT", 0, 0)).hasMessage("PLAIN_LIMIT='abc': 'abc' is not a whole number >= 0");
    }
}
