@Library('disagg') _

// The step as a Jenkinsfile calls it; the test puts the arguments in the binding.
return disaggBenchmark(stepArgs)
