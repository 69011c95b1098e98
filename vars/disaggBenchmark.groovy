import dev.disagg.jenkins.BenchmarkStep

// Runs disaggregated-serving benchmark cases on SLURM through the disagg core CLI.
// Parameters and result policy: disaggBenchmark.txt and core/docs/jenkins.md.
def call(Map args = [:]) {
    return new BenchmarkStep(this).call(args)
}
