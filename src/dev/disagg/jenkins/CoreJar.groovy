package dev.disagg.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Where the step finds the disagg core jar on the agent.
 * Order: the step's {@code jar} parameter, then {@code DISAGG_CORE_JAR}, then the jar of the
 * library's own version in the agent's local Maven repository (fetched there with Maven when
 * missing and {@code mvn} is on the agent). The checks themselves are in disagg-core.sh.
 */
final class CoreJar implements Serializable {
    private static final long serialVersionUID = 1L

    /** The core version this library was released with; a test keeps it equal to the pom's. */
    static final String VERSION = '0.1.0'
    static final String COORDINATES = "dev.disagg:disagg-core:${VERSION}:jar:cli"
    static final String ENV_VARIABLE = 'DISAGG_CORE_JAR'

    /** The jar's path as given, or null for the pinned version (the script finds it under $HOME). */
    final String path
    /** Where the path came from, for messages. */
    final String origin
    final boolean pinned

    private CoreJar(String path, String origin, boolean pinned) {
        this.path = path
        this.origin = origin
        this.pinned = pinned
    }

    @NonCPS
    static CoreJar resolve(String jarParameter, String jarEnvironment) {
        if (jarParameter) {
            return new CoreJar(jarParameter, "the 'jar' parameter", false)
        }
        if (jarEnvironment) {
            return new CoreJar(jarEnvironment, "the environment variable ${ENV_VARIABLE}".toString(), false)
        }
        return new CoreJar(null, "the library's pinned version ${COORDINATES}".toString(), true)
    }

    /** How resources/dev/disagg/disagg-core.sh is told where the jar is (it checks java and the jar, and fetches the pinned one). */
    @NonCPS
    List<String> scriptOptions() {
        return pinned ? ['--pinned-version', VERSION] : ['--jar', path, '--jar-origin', origin]
    }
}
