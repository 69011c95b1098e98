package dev.disagg.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Where the step finds the disagg core jar on the agent, and the shell that checks it.
 * Order: the step's {@code jar} parameter, then {@code DISAGG_CORE_JAR}, then the jar of the
 * library's own version in the agent's local Maven repository (fetched there with Maven when
 * missing and {@code mvn} is on the agent).
 */
final class CoreJar implements Serializable {
    private static final long serialVersionUID = 1L

    /** The core version this library was released with; a test keeps it equal to the pom's. */
    static final String VERSION = '0.1.0'
    static final String COORDINATES = "dev.disagg:disagg-core:${VERSION}:jar:cli"
    static final String ENV_VARIABLE = 'DISAGG_CORE_JAR'

    /** A shell expression for the jar path (quoted, or using $HOME for the pinned jar). */
    final String pathExpression
    /** Where the path came from, for messages. */
    final String origin
    final boolean pinned

    private CoreJar(String pathExpression, String origin, boolean pinned) {
        this.pathExpression = pathExpression
        this.origin = origin
        this.pinned = pinned
    }

    @NonCPS
    static CoreJar resolve(String jarParameter, String jarEnvironment) {
        if (jarParameter) {
            return new CoreJar(ShellQuote.quote(jarParameter), "the 'jar' parameter", false)
        }
        if (jarEnvironment) {
            return new CoreJar(ShellQuote.quote(jarEnvironment), "the environment variable ${ENV_VARIABLE}", false)
        }
        String relative = "dev/disagg/disagg-core/${VERSION}/disagg-core-${VERSION}-cli.jar"
        return new CoreJar("\"\$HOME/.m2/repository/${relative}\"", "the library's pinned version ${COORDINATES}", true)
    }

    /** Sets $java (JAVA_HOME's if set, else the PATH's) and $jar. */
    @NonCPS
    String prelude() {
        return [
                'if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi',
                "jar=${pathExpression}",
        ].join('\n')
    }

    /**
     * Fails with a message naming the fix when java or the jar is missing; fetches the pinned
     * jar first when Maven can. Expects a shell function {@code fail MESSAGE}.
     */
    @NonCPS
    String preflight() {
        List<String> lines = [
                'if [ -n "${JAVA_HOME:-}" ]; then',
                '  [ -x "$java" ] || fail "JAVA_HOME is $JAVA_HOME but $java is not an executable; point JAVA_HOME at a Java 17+ JDK or unset it"',
                'elif ! command -v java >/dev/null 2>&1; then',
                '  fail "java is not on the PATH of this agent; install a Java 17+ runtime or set JAVA_HOME (e.g. with tools { jdk ... })"',
                'fi',
        ]
        if (pinned) {
            lines += [
                    'if [ ! -f "$jar" ] && command -v mvn >/dev/null 2>&1; then',
                    "  echo \"disaggBenchmark: fetching ${COORDINATES} with Maven\" >&2",
                    "  mvn -B -q dependency:get -Dartifact=${COORDINATES} -Dtransitive=false >&2 || true",
                    'fi',
                    "[ -f \"\$jar\" ] || fail \"the core jar ${COORDINATES} is not at \$jar and Maven could not fetch it;" +
                            " install it there (mvn install in the disagg repository), or give the step's 'jar' parameter" +
                            " or set ${ENV_VARIABLE}\"",
            ]
        } else {
            lines += "[ -f \"\$jar\" ] || fail \"the core jar \$jar (from ${origin}) does not exist on this agent\""
        }
        return lines.join('\n')
    }
}
