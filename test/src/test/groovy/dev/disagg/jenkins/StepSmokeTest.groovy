package dev.disagg.jenkins

import dev.disagg.jenkins.support.StepTestBase
import org.junit.jupiter.api.Test

class StepSmokeTest extends StepTestBase {
    @Test
    void passes() {
        caseFile('cases/a.yaml')
        def r = runStep(config: 'cases/a.yaml', jar: jar.path)
        println r
        println agent.log
        println harness.archiveCalls
        println core.invocations()
        printCallStack()
    }
}
