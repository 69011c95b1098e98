@Library('disagg') _

// In CPS mode JenkinsPipelineUnit serializes the program at every step inside node's body.
node('slurm') {
    stepResult = disaggBenchmark(stepArgs)
}
