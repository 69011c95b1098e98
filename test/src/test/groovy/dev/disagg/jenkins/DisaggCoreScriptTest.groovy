package dev.disagg.jenkins

import dev.disagg.jenkins.support.FakeCore
import dev.disagg.jenkins.support.LibraryFromSource
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource

import java.util.concurrent.TimeUnit

import static org.assertj.core.api.Assertions.assertThat

/**
 * resources/dev/disagg/disagg-core.sh run directly by bash and by the system's sh (as the step's
 * {@code sh} runs it), with the stand-in java ({@link FakeCore}) on a PATH of a few real tools.
 */
class DisaggCoreScriptTest {
    static final File SCRIPT = new File(LibraryFromSource.root(), 'resources/dev/disagg/disagg-core.sh')
    static final File LAUNCHER = new File(LibraryFromSource.root(), 'core/src/main/launcher/disagg.sh')
    /** Everything a shell might evaluate, as one argument. */
    static final String HOSTILE = "it's \$(touch pwned) `touch pwned2` \"x\" ; rm -rf y"

    @TempDir
    File temp
    File bin
    File home
    File work
    FakeCore core
    File jar

    @BeforeEach
    void setUp() {
        bin = new File(temp, 'bin')
        home = new File(temp, 'home')
        work = new File(temp, 'work space')
        [bin, home, work]*.mkdirs()
        FakeCore.linkTools(bin)
        core = new FakeCore(bin)
        jar = new File(temp, 'disagg cli.jar')
        jar.text = 'stand-in'
    }

    @ParameterizedTest
    @ValueSource(strings = ['/bin/bash', '/bin/sh'])
    void runPassesEveryArgumentVerbatimAndRemovesAStaleRunResultFirst(String shell) {
        File config = FakeCore.caseFile(work, 'cases/a.yaml')
        File scratch = new File(work, '.disagg-step/a')
        File runResult = new File(scratch, 'run-result.json')
        scratch.mkdirs()
        runResult.text = 'from an earlier build'

        Map r = script(shell, 'run', '--jar', jar.path, '--jar-origin', "the 'jar' parameter", '--scratch', scratch.path, '--',
                'run', '--run-result', runResult.path, '--config', config.path, '--workspace', work.path, '--cluster', HOSTILE)

        assertThat(r.status).as(r.err as String).isEqualTo(0)
        assertThat(core.invocations()).containsExactly(['-jar', jar.path, 'run', '--run-result', runResult.path, '--config', config.path,
                                                        '--workspace', work.path, '--cluster', HOSTILE])
        assertThat(runResult.text).contains('"finished": true')
        assertThat(new File(work, 'pwned')).doesNotExist()
        assertThat(new File(work, 'pwned2')).doesNotExist()
    }

    @ParameterizedTest
    @ValueSource(strings = ['/bin/bash', '/bin/sh'])
    void runSeparatesTheStreamsAndKeepsTheStatus(String shell) {
        File config = FakeCore.caseFile(work, 'cases/slow.yaml', 'perf-regression')
        File scratch = new File(work, 'scratch')

        Map r = script(shell, 'run', '--jar', jar.path, '--jar-origin', 'x', '--scratch', scratch.path, '--',
                'run', '--config', config.path, '--workspace', work.path, '--missing-baseline=fail')

        assertThat(r.status).isEqualTo(3)
        assertThat(r.out).contains('submitted job 4242', '## slow: PERF_REGRESSION (exit 3)')
        assertThat(new File(scratch, 'run.status').text.trim()).isEqualTo('3')
    }

    @ParameterizedTest
    @ValueSource(strings = ['/bin/bash', '/bin/sh'])
    void runKeepsTheCoresStderr(String shell) {
        File config = FakeCore.caseFile(work, 'cases/a.yaml', 'infra')
        File scratch = new File(work, 'scratch')

        Map r = script(shell, 'run', '--jar', jar.path, '--jar-origin', 'x', '--scratch', scratch.path, '--',
                'run', '--config', config.path, '--workspace', work.path)

        assertThat(r.status).isEqualTo(4)
        assertThat(new File(scratch, 'run.err').text).isEqualTo('disagg: sbatch refused the job: Invalid partition name specified\n')
        assertThat(r.err).contains('sbatch refused the job')
        assertThat(r.out).doesNotContain('sbatch refused')
    }

    @ParameterizedTest
    @ValueSource(strings = ['/bin/bash', '/bin/sh'])
    void aJarThatStartsWithTheCoresLauncherRunsThroughItAndItsClassArchiveIsWrittenOnce(String shell) {
        jar.text = LAUNCHER.text + 'stand-in'  // the launcher, then the jar's bytes: what the core's build writes
        File config = FakeCore.caseFile(work, 'cases/a.yaml', 'perf-regression')
        File scratch = new File(work, 'scratch')
        List<String> coreArgs = ['run', '--config', config.path, '--workspace', work.path, '--cluster', HOSTILE]

        Map first = script(shell, 'run', '--jar', jar.path, '--jar-origin', 'x', '--scratch', scratch.path, '--', *coreArgs)

        assertThat(first.status).as(first.err as String).isEqualTo(3)
        List<List<String>> calls = core.invocations()
        assertThat(calls).hasSize(2)
        List<String> training = calls[0]
        assertThat(training).contains('-XX:TieredStopAtLevel=1', '-Ddisagg.cli.train=true')
        assertThat(training.takeRight(2)).containsExactly('-jar', jar.path)
        String archive = calls[1].find { it.startsWith('-XX:SharedArchiveFile=') }?.substring('-XX:SharedArchiveFile='.length())
        assertThat(archive).startsWith("${home}/.cache/disagg/cli-".toString()).endsWith('.jsa')
        assertThat(training.find { it.startsWith('-XX:ArchiveClassesAtExit=') }).startsWith("-XX:ArchiveClassesAtExit=${archive}.".toString())
        assertThat(calls[1].takeRight(coreArgs.size() + 2)).containsExactly('-jar', jar.path, *coreArgs)
        assertThat(new File(archive).text).isEqualTo('stand-in archive')
        assertThat(new File(archive).parentFile.list().toList()).containsExactly(new File(archive).name)  // no lock, no temporary

        Map second = script(shell, 'run', '--jar', jar.path, '--jar-origin', 'x', '--scratch', scratch.path, '--', *coreArgs)

        assertThat(second.status).isEqualTo(3)
        assertThat(core.invocations().drop(2)).containsExactly(calls[1])
        assertThat(new File(work, 'pwned')).doesNotExist()

        jar.text = LAUNCHER.text + 'stand-in, built again'
        Map rebuilt = script(shell, 'run', '--jar', jar.path, '--jar-origin', 'x', '--scratch', scratch.path, '--', *coreArgs)

        assertThat(rebuilt.status).isEqualTo(3)
        assertThat(core.invocations().drop(3)).hasSize(2)  // trained again
        List<String> archives = new File(archive).parentFile.list().toList()
        assertThat(archives).hasSize(1).doesNotContain(new File(archive).name)  // the new build's archive replaced the old one
    }

    @ParameterizedTest
    @ValueSource(strings = ['/bin/bash', '/bin/sh'])
    void aJavaThatWritesNoClassArchiveIsAskedOncePerBuildNotOnEveryStart(String shell) {
        List<String> run = passingRunThroughTheLauncher()

        List<Integer> statuses = (1..3).collect { script([FAKE_JAVA_WITHOUT_CDS: 'yes'], shell, *run).status }

        assertThat(statuses).containsExactly(0, 0, 0)
        List<List<String>> calls = core.invocations()
        assertThat(calls.findAll { it.contains('-Ddisagg.cli.train=true') }).hasSize(1)
        assertThat(calls).hasSize(4)
        assertThat(calls.drop(1).every { call -> !call.any { it.startsWith('-XX:SharedArchiveFile=') } }).isTrue()

        jar.text = LAUNCHER.text + 'stand-in, built again'
        script(shell, *run)
        assertThat(core.invocations().drop(4).findAll { it.contains('-Ddisagg.cli.train=true') }).as('a new build is tried again').hasSize(1)
        assertThat(new File(home, '.cache/disagg').list().toList()).as('the old marker is gone with its build')
                .noneMatch { it.endsWith('.failed') }
    }

    @ParameterizedTest
    @ValueSource(strings = ['/bin/bash', '/bin/sh'])
    void whileAnotherStartWritesTheClassArchiveTheCoreRunsWithoutOneAndALockLeftByAKilledWriterIsCleared(String shell) {
        List<String> run = passingRunThroughTheLauncher()
        script(shell, *run)
        File archive = new File(core.invocations()[1].find { it.startsWith('-XX:SharedArchiveFile=') }.substring('-XX:SharedArchiveFile='.length()))
        assert archive.delete()
        File lock = new File(archive.path + '.lock')
        assert lock.mkdir()

        Map busy = script(shell, *run)  // another start holds the lock: no second writer, no archive to map yet

        assertThat(busy.status).isEqualTo(0)
        assertThat(core.invocations().drop(2)).hasSize(1)
        assertThat(core.invocations().last().find { it.startsWith('-XX:') && it.contains('Archive') }).isNull()
        assertThat(lock).isDirectory()

        lock.setLastModified(System.currentTimeMillis() - 3_600_000L)  // its writer was killed an hour ago
        Map after = script(shell, *run)

        assertThat(after.status).isEqualTo(0)
        assertThat(core.invocations().drop(3).findAll { it.contains('-Ddisagg.cli.train=true') }).hasSize(1)
        assertThat(lock).doesNotExist()
        assertThat(archive.text).isEqualTo('stand-in archive')
    }

    @ParameterizedTest
    @ValueSource(strings = ['/bin/bash', '/bin/sh'])
    void missingJavaOrJarIsExit4WithTheFix(String shell) {
        File scratch = new File(work, 'scratch')
        Map noJar = script(shell, 'run', '--jar', new File(temp, 'gone.jar').path, '--jar-origin', 'the environment variable DISAGG_CORE_JAR',
                '--scratch', scratch.path, '--', 'run')
        assertThat(noJar.status).isEqualTo(4)
        assertThat(new File(scratch, 'run.err').text).isEqualTo("disaggBenchmark: the core jar ${temp}/gone.jar (from the environment" +
                " variable DISAGG_CORE_JAR) does not exist on this agent\n".toString())

        Map pinned = script(shell, 'run', '--pinned-version', '9.9.9', '--scratch', scratch.path, '--', 'run')
        assertThat(pinned.status).isEqualTo(4)
        assertThat(pinned.err).contains("the core jar dev.disagg:disagg-core:9.9.9:jar:cli is not at" +
                " ${home}/.m2/repository/dev/disagg/disagg-core/9.9.9/disagg-core-9.9.9-cli.jar and Maven could not fetch it".toString())

        new File(bin, 'java').delete()
        Map noJava = script(shell, 'run', '--jar', jar.path, '--jar-origin', 'x', '--scratch', scratch.path, '--', 'run')
        assertThat(noJava.status).isEqualTo(4)
        assertThat(noJava.err).contains('java is not on the PATH of this agent')
        assertThat(core.invocations()).isEmpty()
    }

    @ParameterizedTest
    @ValueSource(strings = ['/bin/bash', '/bin/sh'])
    void cancelAsksTheCoreForEachCaseDirectory(String shell) {
        List<File> dirs = ['a', 'b c'].collect { new File(work, "disagg_logs/${it}") }
        dirs*.mkdirs()

        Map r = script(shell, 'cancel', '--jar', jar.path, '--jar-origin', 'x', '--', *dirs*.path)

        assertThat(r.status).as(r.err as String).isEqualTo(0)
        assertThat(core.invocations()).containsExactly(['-jar', jar.path, 'cancel', '--case-dir', dirs[0].path],
                ['-jar', jar.path, 'cancel', '--case-dir', dirs[1].path])
        assertThat(dirs.collect { new File(it, 'cancelled') }.every { it.exists() }).isTrue()
    }

    @ParameterizedTest
    @ValueSource(strings = ['/bin/bash', '/bin/sh'])
    void packWritesOneTarballBesideEachCaseDirectory(String shell) {
        ['a', "it's b"].each { FakeCore.caseFile(new File(work, "disagg_logs/${it}"), 'result.json') }

        Map r = script(shell, 'pack', '--base', work.path, '--', 'disagg_logs/a', "disagg_logs/it's b", 'disagg_logs/never-made')

        assertThat(r.status).as(r.err as String).isEqualTo(0)
        assertThat(tarList(new File(work, 'disagg_logs/a.tar.gz'))).contains('a/result.json')
        assertThat(tarList(new File(work, "disagg_logs/it's b.tar.gz"))).contains("it's b/result.json")
        assertThat(new File(work, 'disagg_logs').list().toList()).doesNotContain('.a.tar.gz.tmp', 'never-made.tar.gz')
    }

    @ParameterizedTest
    @ValueSource(strings = ['/bin/bash', '/bin/sh'])
    void aMistakeOfTheLibraryItselfIsNamedAsSuch(String shell) {
        Map r = script(shell, 'run', '--jar')

        assertThat(r.status).isEqualTo(4)
        assertThat(r.err).contains('--jar needs a value (a bug of the disagg library)')
        assertThat(script(shell, 'explode', '--jar', jar.path, '--').err as String).contains("unknown action 'explode'")
    }

    /** The jar as the core's build writes it (the launcher, then the jar's bytes); the script's arguments for a passing case. */
    private List<String> passingRunThroughTheLauncher() {
        jar.text = LAUNCHER.text + 'stand-in'
        File config = FakeCore.caseFile(work, 'cases/a.yaml')
        return ['run', '--jar', jar.path, '--jar-origin', 'x', '--scratch', new File(work, 'scratch').path, '--',
                'run', '--config', config.path, '--workspace', work.path]
    }

    private Map script(String shell, String... args) {
        return script([:], shell, args)
    }

    private Map script(Map<String, String> env, String shell, String... args) {
        ProcessBuilder builder = new ProcessBuilder([shell, SCRIPT.path] + (args as List)).directory(work)
        builder.environment().clear()
        builder.environment().putAll(env)
        builder.environment().put('PATH', bin.path)
        builder.environment().put('HOME', home.path)
        File out = new File(temp, 'script.out')
        File err = new File(temp, 'script.err')
        Process p = builder.redirectOutput(out).redirectError(err).start()
        assert p.waitFor(60, TimeUnit.SECONDS)
        return [status: p.exitValue(), out: out.getText('UTF-8'), err: err.getText('UTF-8')]
    }

    private static List<String> tarList(File tarball) {
        Process p = new ProcessBuilder('tar', '-tzf', tarball.path).redirectErrorStream(true).start()
        List<String> names = p.inputStream.getText('UTF-8').readLines()
        assert p.waitFor() == 0
        return names
    }
}
