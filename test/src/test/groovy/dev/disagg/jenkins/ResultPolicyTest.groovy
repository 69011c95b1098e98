package dev.disagg.jenkins

import dev.disagg.jenkins.support.SourceClasses
import org.junit.jupiter.api.Test

import static org.assertj.core.api.Assertions.assertThat

/** Where a failure message takes its cause from: result.json's message when it reports this run, else stderr. */
class ResultPolicyTest {
    private final Class policy = SourceClasses.load('dev.disagg.jenkins.ResultPolicy')
    private final Object plan = SourceClasses.load('dev.disagg.jenkins.CasePlan')
            .parse('cases/a.yaml', '{"caseName": "a", "caseDir": "/ws/disagg_logs/a"}')

    private String message(int status, String resultJson, String stderr) {
        return policy.decide(plan, status, resultJson, stderr, false, 'failure', 'fail').message
    }

    @Test
    void theCheckedCasesMessageIsTheCause() {
        String json = '{"jobId": "7", "exitCode": 1, "message": "ROLE_FAILED: GEN_0 exited with code 3: boom\\nmore"}'

        assertThat(message(1, json, 'a warning on stderr')).isEqualTo('disaggBenchmark: case a: test failed, SLURM job 7:' +
                ' ROLE_FAILED: GEN_0 exited with code 3: boom more; logs: disagg_logs/a/ (archived with this build)')
    }

    @Test
    void stderrIsTheCauseWhenResultJsonSaysNothingAboutThisStatus() {
        String stderr = 'disagg: scontrol failed\ndisagg: controller unreachable\n'

        assertThat(message(4, '{"exitCode": 0, "message": "passed; perf check passed"}', stderr))
                .contains('SLURM or infrastructure error: disagg: scontrol failed | disagg: controller unreachable;')
                .doesNotContain('passed')
        assertThat(message(1, '{"exitCode": 1}', stderr)).contains('test failed: disagg: scontrol failed')
        assertThat(message(1, '{"exitCode": 1, "message": " "}', stderr)).contains('test failed: disagg: scontrol failed')
        assertThat(message(1, '', '')).isEqualTo('disaggBenchmark: case a: test failed; logs: disagg_logs/a/ (archived with this build)')
    }
}
