package dev.disagg.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * The step's arguments, checked and with defaults applied. {@link #parse} is a pure function
 * of the argument map and a few environment values, so every rule is testable without a
 * pipeline; {@link #problems} lists every mistake at once.
 */
final class BenchmarkOptions implements Serializable {
    private static final long serialVersionUID = 1L

    static final List<String> KNOWN_KEYS = [
            'config', 'configs', 'skipPerfCheck', 'baseline', 'cluster', 'workspace',
            'timeoutMinutes', 'onPerfRegression', 'missingBaseline', 'maxParallel', 'jar',
    ].asImmutable()
    /** What a failed perf check does to the build. */
    static final List<String> ON_PERF_REGRESSION = ['failure', 'unstable'].asImmutable()
    /** The core's --missing-baseline policies. */
    static final List<String> MISSING_BASELINE = ['fail', 'warn', 'ignore'].asImmutable()
    /** Replaced parameters, and what to write instead. */
    static final Map<String, String> REPLACED = [
            failOnPerfRegression: "'failOnPerfRegression' was replaced by 'onPerfRegression': a failed perf check now fails" +
                    " the build by default; write onPerfRegression: 'unstable' to mark it unstable instead",
    ].asImmutable()
    static final int DEFAULT_MAX_PARALLEL = 2

    final List<String> problems = []
    String config
    /** A glob (expanded on the agent) or null when {@link #configList} or {@link #config} is used. */
    String configGlob
    List<String> configList
    /** The parameter, or null when absent: then the core reads SKIP_PERF_CHECK from the environment. */
    Boolean skipPerfCheck
    String baseline
    String cluster
    String workspace
    Integer timeoutMinutes
    /** 'failure' (default) or 'unstable': what a failed perf check (exit 3) does to the build. */
    String onPerfRegression = 'failure'
    /** The core's --missing-baseline: 'fail' (default: a perf stage must have its baselines), 'warn' or 'ignore'. */
    String missingBaseline = 'fail'
    int maxParallel = DEFAULT_MAX_PARALLEL
    CoreJar jar

    /**
     * @param args the step's argument map
     * @param env the environment values the step reads: DISAGG_CORE_JAR, WORKSPACE
     */
    @NonCPS
    static BenchmarkOptions parse(Map args, Map env) {
        BenchmarkOptions o = new BenchmarkOptions()
        Map a = args == null ? [:] : args
        a.keySet().collect { String.valueOf(it) }.findAll { REPLACED.containsKey(it) }.sort().each { o.problems << REPLACED[it] }
        List<String> unknown = a.keySet().collect { String.valueOf(it) }.findAll { !KNOWN_KEYS.contains(it) && !REPLACED.containsKey(it) }.sort()
        if (unknown) {
            o.problems << "unknown parameter${unknown.size() > 1 ? 's' : ''} ${unknown.collect { "'${it}'" }.join(', ')}" +
                    " (known: ${KNOWN_KEYS.join(', ')})"
        }
        o.readConfigs(a)
        o.baseline = o.text(a, 'baseline')
        o.cluster = o.text(a, 'cluster')
        o.workspace = o.text(a, 'workspace') ?: (env?.WORKSPACE ? String.valueOf(env.WORKSPACE) : '.')
        o.timeoutMinutes = o.positive(a, 'timeoutMinutes')
        Integer parallel = o.positive(a, 'maxParallel')
        if (parallel != null) {
            o.maxParallel = parallel
        }
        o.onPerfRegression = o.choice(a, 'onPerfRegression', ON_PERF_REGRESSION) ?: o.onPerfRegression
        o.missingBaseline = o.choice(a, 'missingBaseline', MISSING_BASELINE) ?: o.missingBaseline
        o.skipPerfCheck = o.flag(a, 'skipPerfCheck')
        o.jar = CoreJar.resolve(o.text(a, 'jar'), env?.get(CoreJar.ENV_VARIABLE) ? String.valueOf(env.get(CoreJar.ENV_VARIABLE)) : null)
        return o
    }

    /** The message for {@code error}, or null when the arguments are fine. */
    @NonCPS
    String errorMessage() {
        if (!problems) {
            return null
        }
        return "disaggBenchmark: ${problems.join('; ')}. Usage: disaggBenchmark(config: 'cases/a.yaml', ...)" +
                " or disaggBenchmark(configs: 'cases/*.yaml', ...); see the step's help."
    }

    @NonCPS
    private void readConfigs(Map a) {
        boolean hasConfig = a.containsKey('config')
        boolean hasConfigs = a.containsKey('configs')
        if (hasConfig && hasConfigs) {
            problems << "give either 'config' (one case file) or 'configs' (a glob or a list), not both"
            return
        }
        if (!hasConfig && !hasConfigs) {
            problems << "missing required parameter 'config' (one case file) or 'configs' (a glob or a list of case files)"
            return
        }
        if (hasConfig) {
            config = text(a, 'config')
            return
        }
        Object value = a.configs
        if (value instanceof CharSequence) {
            configGlob = text(a, 'configs')
        } else if (value instanceof Collection && !value.isEmpty()
                && value.every { it instanceof CharSequence && String.valueOf(it).trim() }) {
            configList = value.collect { String.valueOf(it) }
        } else {
            problems << "'configs' must be a glob like 'cases/*.yaml' or a non-empty list of file paths, not ${describe(value)}"
        }
    }

    /** A non-empty string parameter, or null when absent. */
    @NonCPS
    private String text(Map a, String key) {
        if (!a.containsKey(key)) {
            return null
        }
        Object value = a.get(key)
        if (!(value instanceof CharSequence) || !String.valueOf(value).trim()) {
            problems << "'${key}' must be a non-empty string, not ${describe(value)}"
            return null
        }
        return String.valueOf(value)
    }

    /** One of {@code allowed} (any case), or null when absent. */
    @NonCPS
    private String choice(Map a, String key, List<String> allowed) {
        if (!a.containsKey(key)) {
            return null
        }
        Object value = a.get(key)
        String lower = value instanceof CharSequence ? String.valueOf(value).trim().toLowerCase(Locale.ROOT) : null
        if (allowed.contains(lower)) {
            return lower
        }
        problems << "'${key}' must be ${allowed.collect { "'${it}'" }.join(' or ')}, not ${describe(value)}"
        return null
    }

    /** A boolean parameter (true/false or the strings 'true'/'false'), or null when absent. */
    @NonCPS
    private Boolean flag(Map a, String key) {
        if (!a.containsKey(key)) {
            return null
        }
        Object value = a.get(key)
        if (value instanceof Boolean) {
            return value
        }
        String lower = value instanceof CharSequence ? String.valueOf(value).trim().toLowerCase(Locale.ROOT) : null
        if (lower == 'true' || lower == 'false') {
            return lower == 'true'
        }
        problems << "'${key}' must be true or false, not ${describe(value)}"
        return null
    }

    /** A positive whole number (or its decimal string, as build parameters are), or null when absent. */
    @NonCPS
    private Integer positive(Map a, String key) {
        if (!a.containsKey(key)) {
            return null
        }
        Object value = a.get(key)
        String digits = value instanceof Number || value instanceof CharSequence ? String.valueOf(value).trim() : ''
        if (digits ==~ /[0-9]{1,9}/ && Integer.parseInt(digits) > 0) {
            return Integer.parseInt(digits)
        }
        problems << "'${key}' must be a positive whole number, not ${describe(value)}"
        return null
    }

    @NonCPS
    private static String describe(Object value) {
        if (value == null) {
            return 'null'
        }
        return value instanceof CharSequence ? "'${value}'" : "${value} (${value.getClass().simpleName})"
    }
}
