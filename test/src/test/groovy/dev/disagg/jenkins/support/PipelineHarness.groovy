package dev.disagg.jenkins.support

import com.lesfurets.jenkins.unit.PipelineTestHelper
import hudson.AbortException

/**
 * The steps JenkinsPipelineUnit 1.1 lacks or gets wrong, wired to a {@link ShellAgent}, and a
 * record of what the pipeline published (junit, artifacts) and how it set the build result.
 */
class PipelineHarness {
    private static final List<String> RESULT_ORDER = ['SUCCESS', 'UNSTABLE', 'FAILURE', 'NOT_BUILT', 'ABORTED']

    final ShellAgent agent
    final List<Map> junitCalls = []
    /** Each archiveArtifacts call with the files its patterns matched when it ran. */
    final List<Map> archiveCalls = []
    final List<String> unstableMessages = []
    final List<String> errorMessages = []
    final List<String> echoes = []
    final List<String> parallelBranches = []
    final List<Map> locks = []
    final List<Map> timeouts = []
    final List<String> stages = []

    PipelineHarness(ShellAgent agent) {
        this.agent = agent
    }

    /**
     * Registers the mocks; call after BasePipelineTest.setUp() (which registers 1.1's defaults).
     * Bodies run through helper.callClosure, which in CPS mode serializes the program between steps.
     * CPS mode keeps JPU's own parallel, which knows how to run CPS branches.
     */
    void install(PipelineTestHelper helper, Binding binding, boolean recordParallel = true) {
        binding.setVariable('env', agent.env)
        binding.setVariable('currentBuild', [result: null, currentResult: 'SUCCESS'])
        helper.registerAllowedMethod('sh', [Map], { Map args -> agent.sh(args) })
        helper.registerAllowedMethod('sh', [String], { String script -> agent.sh(script: script) })
        helper.registerAllowedMethod('readFile', [String], { String file -> agent.readFile(file) })
        helper.registerAllowedMethod('readFile', [Map], { Map args -> agent.readFile(args) })
        helper.registerAllowedMethod('writeFile', [Map], { Map args -> agent.writeFile(args) })
        // as Jenkins: a file under the library's resources/, by its path there; a missing one is an error
        helper.registerAllowedMethod('libraryResource', [String], { String path -> libraryResource(path) })
        helper.registerAllowedMethod('libraryResource', [Map], { Map args -> libraryResource(String.valueOf(args.resource)) })
        helper.registerAllowedMethod('fileExists', [String], { String file -> agent.fileExists(file) })
        helper.registerAllowedMethod('fileExists', [Map], { Map args -> agent.fileExists(args) })
        helper.registerAllowedMethod('dir', [String, Closure], { String dir, Closure body ->
            agent.inDir(dir) { helper.callClosure(body) }
        })
        helper.registerAllowedMethod('junit', [Map], { Map args -> junitCalls << ([cwd: agent.currentDir()] + args) })
        helper.registerAllowedMethod('archiveArtifacts', [Map], { Map args ->
            archiveCalls << ([cwd: agent.currentDir(), matched: AntPatterns.matches(agent.currentDir(), String.valueOf(args.artifacts))] + args)
        })
        helper.registerAllowedMethod('echo', [String], { String message -> echoes << message; agent.log.append(message).append('\n') })
        helper.registerAllowedMethod('error', [String], { String message ->
            errorMessages << message
            worsen(binding, 'FAILURE')
            throw new AbortException(message)
        })
        helper.registerAllowedMethod('unstable', [String], { String message ->
            unstableMessages << message
            worsen(binding, 'UNSTABLE')
        })
        helper.registerAllowedMethod('lock', [String, Closure], { String resource, Closure body ->
            locks << [resource: resource]
            helper.callClosure(body)
        })
        helper.registerAllowedMethod('lock', [Map, Closure], { Map args, Closure body ->
            locks << args.collectEntries { k, v -> [(k): v instanceof CharSequence ? v.toString() : v] }
            helper.callClosure(body)
        })
        helper.registerAllowedMethod('timeout', [Map, Closure], { Map args, Closure body -> timeouts << args; helper.callClosure(body) })
        helper.registerAllowedMethod('stage', [String, Closure], { String name, Closure body -> stages << name; helper.callClosure(body) })
        helper.registerAllowedMethod('node', [String, Closure], { String label, Closure body -> helper.callClosure(body) })
        if (recordParallel) {
            // Like Jenkins: every branch runs even when one fails; the first failure is rethrown after.
            helper.registerAllowedMethod('parallel', [Map], { Map branches ->
                Throwable first = null
                branches.each { name, body ->
                    parallelBranches << String.valueOf(name)
                    try {
                        helper.callClosure(body)
                    } catch (Throwable t) {
                        first = first ?: t
                    }
                }
                if (first != null) {
                    throw first
                }
            })
        }
    }

    final List<String> libraryResources = []

    private String libraryResource(String path) {
        libraryResources << path
        File file = new File(LibraryFromSource.root(), "resources/${path}")
        if (!file.isFile()) {
            throw new AbortException("No such library resource ${path} could be found.")
        }
        return file.getText('UTF-8')
    }

    static String result(Binding binding) {
        return binding.getVariable('currentBuild').result ?: 'SUCCESS'
    }

    /** Results only ever get worse, as in Jenkins. */
    static void worsen(Binding binding, String result) {
        Map build = binding.getVariable('currentBuild') as Map
        String current = build.result ?: 'SUCCESS'
        if (RESULT_ORDER.indexOf(result) > RESULT_ORDER.indexOf(current)) {
            build.result = result
        }
    }
}
