package dev.disagg.jenkins

import dev.disagg.jenkins.support.LibraryFromSource
import dev.disagg.jenkins.support.StepTestBase
import org.junit.jupiter.api.Test

import java.lang.reflect.Method

import static org.assertj.core.api.Assertions.assertThat

/**
 * Rules every step in vars/ follows: a help file that documents each parameter, call(Map),
 * unknown keys rejected with a message that lists the known ones, before anything runs.
 */
class StepConventionsTest extends StepTestBase {

    static List<String> steps() {
        File vars = new File(LibraryFromSource.root(), 'vars')
        return vars.listFiles().findAll { it.name.endsWith('.groovy') }.collect { it.name - '.groovy' }.sort()
    }

    @Test
    void libraryHasSteps() {
        assertThat(steps()).contains('disaggBenchmark')
    }

    @Test
    void everyStepHasAHelpFile() {
        steps().each { step ->
            File help = new File(LibraryFromSource.root(), "vars/${step}.txt")
            assertThat(help).as("vars/${step}.txt").isFile()
            assertThat(help.text.trim()).as("vars/${step}.txt").isNotEmpty()
        }
    }

    @Test
    void everyStepIsCalledWithAMap() {
        GroovyClassLoader loader = new GroovyClassLoader(getClass().classLoader)
        loader.addClasspath(new File(LibraryFromSource.root(), 'src').path)
        steps().each { step ->
            Class script = loader.parseClass(new File(LibraryFromSource.root(), "vars/${step}.groovy"))
            List<Method> calls = script.declaredMethods.findAll { it.name == 'call' } as List<Method>
            assertThat(calls.collect { it.parameterTypes.toList() }).as("${step}'s call methods").contains([Map])
            assertThat(calls.findAll { it.parameterTypes.length > 0 && it.parameterTypes[0] != Map })
                    .as("${step} takes only a Map").isEmpty()
        }
    }

    @Test
    void everyStepRejectsUnknownKeysAndDocumentsTheKnownOnes() {
        steps().each { step ->
            agent.shCalls.clear()
            binding.setVariable('stepName', step)
            binding.setVariable('stepArgs', [noSuchParameter: 1])

            Throwable error = null
            try {
                runScript('callNamedStep.groovy')
            } catch (hudson.AbortException e) {
                error = e
            }

            assertThat(error).as("${step} with an unknown key").isNotNull()
            assertThat(error.message).as(step).startsWith("${step}: ").contains("unknown parameter 'noSuchParameter'")
            assertThat(agent.shCalls).as("${step} ran nothing").isEmpty()
            List<String> known = (error.message =~ /known: ([A-Za-z, ]+)\)/)[0][1].split(', ').toList()
            String help = new File(LibraryFromSource.root(), "vars/${step}.txt").text
            known.each { assertThat(help).as("vars/${step}.txt documents ${it}").contains("<code>${it}</code>") }
        }
    }
}
