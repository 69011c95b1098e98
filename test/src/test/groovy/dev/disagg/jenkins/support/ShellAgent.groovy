package dev.disagg.jenkins.support

import hudson.AbortException

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * A build agent for JenkinsPipelineUnit: {@code sh} really runs the script (with its shebang,
 * like Jenkins' durable-task), in the current {@code dir}, with a controlled environment;
 * {@code readFile}, {@code fileExists} and {@code dir} use the real file system. The step
 * therefore runs its real shell scripts; only what is on {@link #path} (e.g. a stand-in
 * {@code java}, or the real one) decides what they reach.
 */
class ShellAgent {
    final File workspace
    final File home
    /** The directories of the agent's PATH, in order. */
    final List<File> path
    /** Environment of every sh besides PATH and HOME (Jenkins passes the build's env). */
    final Map<String, String> env = [:]
    /** Every sh call: label, script, cwd, exit status. */
    final List<Map> shCalls = []
    /** What the scripts printed, and what the pipeline echoed, in order. */
    final StringBuilder log = new StringBuilder()
    /** How long one sh may take (a test against a real cluster raises it). */
    long shTimeoutSeconds = 120
    /** Labels of sh calls that an abort interrupts instead of running (as Jenkins does on abort). */
    final Set<String> interruptLabels = [] as Set
    private final Deque<File> cwd = new ArrayDeque<>()
    private static final long STOP_GRACE_SECONDS = 30

    ShellAgent(File workspace, File home, List<File> path) {
        this.workspace = workspace
        this.home = home
        this.path = path
        cwd.push(workspace)
    }

    /**
     * An agent with the host's PATH (and JAVA_HOME when set): the step's scripts then reach the
     * real java, core jar and SLURM commands, as for a test against the local cluster.
     */
    static ShellAgent onHostPath(File workspace, File home) {
        List<File> path = System.getenv('PATH').split(File.pathSeparator).findAll { it }.collect { new File(it) }
        ShellAgent agent = new ShellAgent(workspace, home, path)
        if (System.getenv('JAVA_HOME')) {
            agent.env.JAVA_HOME = System.getenv('JAVA_HOME')
        }
        return agent
    }

    File currentDir() {
        return cwd.peek()
    }

    File resolve(String file) {
        File f = new File(file)
        return f.absolute ? f : new File(currentDir(), file)
    }

    Object sh(Map args) {
        String script = String.valueOf(args.script)
        String label = args.label == null ? null : String.valueOf(args.label)
        Map call = [label: label, script: script, cwd: currentDir().path]
        shCalls << call
        if (label != null && interruptLabels.any { label.startsWith(it) }) {
            call.status = 'interrupted'
            throw new InterruptedException("sh '${label}' was interrupted (build aborted)")
        }
        Map run = execute(script)
        call.status = run.status
        log.append(run.stderr)
        if (args.returnStdout) {
            if (run.status != 0) {
                throw new AbortException("script returned exit code ${run.status}")
            }
            return run.stdout
        }
        log.append(run.stdout)
        if (args.returnStatus) {
            return run.status
        }
        if (run.status != 0) {
            throw new AbortException("script returned exit code ${run.status}")
        }
        return null
    }

    String readFile(Object args) {
        String file = args instanceof Map ? String.valueOf(args.file) : String.valueOf(args)
        File f = resolve(file)
        if (!f.isFile()) {
            throw new FileNotFoundException("readFile: ${f} does not exist")
        }
        return f.getText('UTF-8')
    }

    /** As writeFile: the text in the file (relative to the current dir), parent directories created. */
    void writeFile(Map args) {
        File f = resolve(String.valueOf(args.file))
        f.parentFile.mkdirs()
        f.setText(String.valueOf(args.text), String.valueOf(args.encoding ?: 'UTF-8'))
    }

    boolean fileExists(Object args) {
        String file = args instanceof Map ? String.valueOf(args.file) : String.valueOf(args)
        return resolve(file).exists()
    }

    /** Runs {@code body} with {@code dir} as the current directory, created if missing (as dir does). */
    Object inDir(String dir, Closure body) {
        File target = resolve(dir).canonicalFile
        target.mkdirs()
        cwd.push(target)
        try {
            return body.call()
        } finally {
            cwd.pop()
        }
    }

    String pathVariable() {
        return path.collect { it.path }.join(File.pathSeparator)
    }

    /**
     * As Jenkins stops a step: SIGTERM to the script and everything it started (the core then
     * cancels its SLURM job), SIGKILL for what is still there after a grace period.
     */
    private static void stop(Process process) {
        List<ProcessHandle> tree = [process.toHandle()] + (process.descendants().toArray() as List<ProcessHandle>)
        tree.each { it.destroy() }
        if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
            tree.each { it.destroyForcibly() }
        }
    }

    private Map execute(String script) {
        Path scripts = Files.createDirectories(home.toPath().resolve('.agent-scripts'))
        Path file = Files.createTempFile(scripts, 'sh-', '.sh')
        Path out = Files.createTempFile(scripts, 'sh-', '.out')
        Path err = Files.createTempFile(scripts, 'sh-', '.err')
        try {
            file.toFile().text = script
            file.toFile().setExecutable(true)
            // Like durable-task: a script with a shebang runs as it is, anything else with sh -xe.
            List<String> command = script.startsWith('#!') ? [file.toString()] : ['/bin/sh', '-xe', file.toString()]
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(currentDir())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
            builder.environment().clear()
            builder.environment().putAll(env)
            builder.environment().put('PATH', pathVariable())
            builder.environment().put('HOME', home.path)
            Process process = builder.start()
            if (!process.waitFor(shTimeoutSeconds, TimeUnit.SECONDS)) {
                stop(process)
                throw new IllegalStateException("sh did not finish within ${shTimeoutSeconds} s:\n${script}")
            }
            return [status: process.exitValue(), stdout: out.toFile().getText('UTF-8'), stderr: err.toFile().getText('UTF-8')]
        } finally {
            Files.deleteIfExists(file)
            Files.deleteIfExists(out)
            Files.deleteIfExists(err)
        }
    }
}
