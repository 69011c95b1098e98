package dev.disagg.plan;

import java.nio.file.Path;

/**
 * Every file and directory of one case, named once. The job script, the results side and the
 * Jenkins step read these names (from the plan or {@code plan.json}); nothing else spells them.
 *
 * <p>Two layouts meet in the case directory: the seed's ({@code gen_server_<i>.log},
 * {@code benchmark.log}, ... directly in it) and upstream's, which TensorRT-LLM's
 * {@code test_perf_sanity.py} roles read and write under their test output directory
 * ({@code TOD = <--output-dir>/<test id>}, tests/integration/defs/perf/test_perf_sanity.py@0452cf0c).
 * The pytest {@code --output-dir} is the case directory, so TOD is {@code <case>/<test id>}.
 *
 * @param caseDir        {@code <workspace>/disagg_logs/<case name>}
 * @param configFolder   {@code DISAGG_CONFIG_FOLDER}: holds the planned case YAML verbatim as {@code <stem>.yaml}
 * @param configFile     the planned case YAML the roles read
 * @param testId         {@code disagg[_upload]-{e2e|gen_only}-<stem>}: pytest's parameter id
 * @param nodeId         {@code perf/test_perf_sanity.py::test_e2e[<test id>]}, relative to {@code tests/integration/defs}
 * @param testOutputDir  TOD
 * @param hostnamesDir   {@code TOD/hostnames-local-0}: every role runs without {@code SLURM_JOB_ID} (fact 23)
 * @param statusFile     {@code TOD/benchmark_status.0.txt}, written by BENCHMARK at its end
 * @param serverConfig   {@code TOD/server_config.0.yaml}, written by DISAGG_SERVER
 * @param resultJson     the verdict for machines (the Jenkins step reads it)
 * @param resultsXml     the JUnit file the Jenkins step publishes
 */
public record CaseLayout(
        Path caseDir,
        Path configFolder,
        Path configFile,
        String testId,
        String nodeId,
        Path testOutputDir,
        Path hostnamesDir,
        Path statusFile,
        Path serverConfig,
        Path resultJson,
        Path resultsXml) {

    public static final String PLAN = "plan.json";
    public static final String JOB_SCRIPT = "job.sh";
    public static final String JOB_ID = "job_id";
    public static final String JOB_STATE = "job_state.json";
    /** sbatch's {@code --output} pattern; {@link #slurmLog} is its value for one job. */
    public static final String SLURM_LOG_PATTERN = "slurm_%j.log";
    /** Written by the job script as its very last act (its exit status): how a follower notices the end without SLURM. */
    public static final String JOB_END = "job_end";
    public static final String JOB_INFO = "job_info.txt";
    public static final String ENVIRONMENT = "environment.txt";
    public static final String INSTALL_LOG = "install.log";
    public static final String COLLECT_LOG = "collect.log";
    public static final String DISAGG_SERVER_LOG = "disagg_server.log";
    public static final String BENCHMARK_LOG = "benchmark.log";
    public static final String FAILURE = "failure.json";
    /** One line per ended step: role, raw exit status ({@code ''} when killed), ended|stopped|killed. */
    public static final String STEP_STATUS = "step_status.tsv";
    public static final String RESULT = "result.json";
    public static final String RESULTS_XML = "results.xml";
    public static final String SUMMARY = "summary.md";
    public static final String REPORT = "report.html";
    public static final String PERF_CSV = "perf_script_test_results.csv";
    /** Where each role's pytest writes its {@code --junit-xml}, one file per role: {@code pytest_<ROLE>.xml}. */
    public static final String JUNIT_DIR = "junit";
    public static final String CONFIG_FOLDER = "disagg_configs";
    /** In the workspace: the emulator's class-data sharing archives, one per jar and Java (local profile). */
    public static final String EMULATOR_CDS_DIR = "disagg_emulator_cds";
    /** The case's coverage.py config (with coverage on), as upstream's CI writes {@code $jobWorkspace/.coveragerc}. */
    public static final String COVERAGE_CONFIG = ".coveragerc";
    /** In {@link #COVERAGE_CONFIG}'s {@code [paths]}: replaced by the installed wheel's location at run time, as upstream does. */
    public static final String WHEEL_PATH_PLACEHOLDER = "---wheel_path---";
    public static final String TEST_FILE = "perf/test_perf_sanity.py";
    /** Relative to the TensorRT-LLM checkout; upstream's runner changes into it (slurm_run.sh@20274daf). */
    public static final String DEFS_DIR = "tests/integration/defs";

    /** The layout of a case whose YAML is {@code <stem>.yaml}; {@code mode} is the case's {@code benchmark.mode}. */
    public static CaseLayout of(Path caseDir, String stem, String mode, boolean upload) {
        String testId = (upload ? "disagg_upload" : "disagg") + "-" + (mode.equals("e2e") ? "e2e" : "gen_only") + "-" + stem;
        Path folder = caseDir.resolve(CONFIG_FOLDER);
        Path tod = caseDir.resolve(testId);
        return new CaseLayout(caseDir, folder, folder.resolve(stem + ".yaml"), testId,
                TEST_FILE + "::test_e2e[" + testId + "]", tod, tod.resolve("hostnames-local-0"),
                tod.resolve("benchmark_status.0.txt"), tod.resolve("server_config.0.yaml"), caseDir.resolve(RESULT),
                caseDir.resolve(RESULTS_XML));
    }

    /** Upstream's client log of the k-th concurrency: {@code TOD/trtllm-benchmark.0.<k>.log}. */
    public Path benchmarkClientLog(int k) {
        return testOutputDir.resolve("trtllm-benchmark.0." + k + ".log");
    }

    /** The seed's log of gen server i, in the case directory; upstream's readers find it at {@link #genLogInTod}. */
    public static String genServerLog(int i) {
        return "gen_server_" + i + ".log";
    }

    public static String ctxServerLog(int i) {
        return "ctx_server_" + i + ".log";
    }

    public Path genLogInTod(int i) {
        return testOutputDir.resolve(genServerLog(i));
    }

    /** Touched once gen server i's step has ended; upstream's gen_only BENCHMARK waits for it. */
    public Path genDone(int i) {
        return testOutputDir.resolve("gen_server_" + i + ".done");
    }

    public Path coverageConfig() {
        return caseDir.resolve(COVERAGE_CONFIG);
    }

    /** coverage.py's data file, {@code .coverage.<case name>}: one per case, so two cases never mix. */
    public Path coverageData() {
        return caseDir.resolve(".coverage." + caseDir.getFileName());
    }

    public Path junitDir() {
        return caseDir.resolve(JUNIT_DIR);
    }

    public static Path slurmLog(Path caseDir, String jobId) {
        return caseDir.resolve(SLURM_LOG_PATTERN.replace("%j", jobId));
    }
}
