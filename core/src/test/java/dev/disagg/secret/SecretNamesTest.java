package dev.disagg.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SecretNamesTest {

    @Test
    void namesLookSecretByAWordInAnyCase() {
        assertThat(List.of("HF_TOKEN", "aws_secret_access_key", "MY_PASSWORD", "DB_PASSWD", "API_KEY", "GOOGLE_CREDENTIALS",
                "NGC_AUTH", "PRIVATE_URL", "DISAGG_SECRET_WORKER_HF_TOKEN")).allMatch(SecretNames::isSecret);
        assertThat(List.of("PATH", "TLLM_LOG_LEVEL", "UCX_TLS", "HOME", "DISAGG_CASE_DIR")).noneMatch(SecretNames::isSecret);
    }

    /** TensorRT-LLM's token knobs are settings, not secrets; a rendered MTP case needs their values. */
    @Test
    void tokenCountsAreNotSecretsButTokensAre() {
        assertThat(List.of("TLLM_SPEC_DECODE_FORCE_NUM_ACCEPTED_TOKENS", "MAX_TOKENS", "NUM_CTX_TOKENS", "TOKENS_PER_BLOCK",
                "MAX_NUM_TOKEN", "TOKEN_LIMIT", "TOKENIZER_PATH", "PWD", "KEYBOARD_LAYOUT", "MONKEY_PATCH"))
                .noneMatch(SecretNames::isSecret);
        assertThat(List.of("HF_TOKEN", "hf_token", "GITHUB_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HFTOKEN", "OPENAI_API_KEY",
                "NGC_API_KEY", "CLIENT_SECRET", "DB_PASSWORD", "AWS_ACCESS_KEY_ID", "MY_SECRETS"))
                .allMatch(SecretNames::isSecret);
    }

    @Test
    void aProfileAddsAndExemptsNamesWithWildcards() {
        SecretNames names = SecretNames.of(List.of("WANDB_*", "my_site_cookie"), List.of("NGC_AUTH", "*_PUBLIC_KEY"));
        assertThat(names.secret("WANDB_ENTITY")).isTrue();
        assertThat(names.secret("MY_SITE_COOKIE")).isTrue();
        assertThat(names.secret("NGC_AUTH")).isFalse();
        assertThat(names.secret("SSH_PUBLIC_KEY")).isFalse();
        assertThat(names.secret("HF_TOKEN")).as("the built-in rule still applies").isTrue();
        assertThat(names.secret("TLLM_LOG_LEVEL")).isFalse();
        assertThat(SecretNames.of(List.of(), List.of())).isSameAs(SecretNames.DEFAULT);
    }

    /** environment.txt is masked by the job script's broader pattern: it must cover every name the rule calls secret. */
    @Test
    void theJobScriptPatternCoversEverySecretName() {
        Pattern broad = Pattern.compile(SecretNames.pattern());
        assertThat(List.of("HF_TOKEN", "OPENAI_API_KEY", "CLIENT_SECRET", "DB_PASSWD", "GOOGLE_CREDENTIALS", "NGC_AUTH",
                "PRIVATE_URL", "AUTHORIZATION", "KEYS"))
                .allMatch(SecretNames::isSecret)
                .allMatch(name -> broad.matcher(name).find());
    }

    /** The job script's environment.txt uses the same words (bash cannot call Java); failure.json is the core's. */
    @Test
    void theJobScriptTemplateUsesTheSameNames() throws Exception {
        String template;
        try (InputStream in = getClass().getResourceAsStream("/dev/disagg/render/job.sh.tmpl")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher pattern = Pattern.compile("(?m)^SECRET_NAME_RE='([^']*)'$").matcher(template);
        assertThat(pattern.find()).isTrue();
        assertThat(pattern.group(1)).isEqualTo(SecretNames.pattern());
        assertThat(template.split("TOKEN\\|SECRET", -1)).as("one definition").hasSize(2);
        assertThat(template.split("=~ \\$SECRET_NAME_RE ]]", -1)).as("environment.txt uses it").hasSize(2);
    }

    @Test
    void aClustersOwnSecretNamesMaskTheirValuesAndAssignmentsToo() {
        Redactor redactor = Redactor.fromEnvironment(Map.of("SITE_PASSCODE", "9876543", "HF_TOKEN", "hf_abcdef"))
                .withNames(SecretNames.of(List.of("SITE_PASSCODE"), List.of()));
        assertThat(redactor.redact("code 9876543, hf_abcdef, SITE_PASSCODE=12")).isEqualTo("code ***, ***, SITE_PASSCODE=***");
        assertThat(Redactor.fromEnvironment(Map.of("SITE_PASSCODE", "9876543")).redact("code 9876543")).isEqualTo("code 9876543");
    }

    @Test
    void aRedactorMasksKnownValuesAndSecretAssignments() {
        Redactor redactor = Redactor.fromEnvironment(Map.of("HF_TOKEN", "hf_abcdef", "SHORT_KEY", "pw", "PATH", "/bin"))
                .with(List.of("caseSecret99"));
        assertThat(redactor.redact("got hf_abcdef and caseSecret99 in /bin")).isEqualTo("got *** and *** in /bin");
        assertThat(redactor.redact("MY_PASSWORD=pw X=1 api_key='a b' AUTH_HEADER=\"x y\" TOKEN=")).isEqualTo(
                "MY_PASSWORD=*** X=1 api_key=*** AUTH_HEADER=*** TOKEN=");
        assertThat(redactor.redact("pw stays: too short to search for in free text")).startsWith("pw stays");
        assertThat(redactor.toString()).doesNotContain("hf_abcdef");
    }
}
