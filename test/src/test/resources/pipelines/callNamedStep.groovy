@Library('disagg') _

// Any step of the library by name, for the convention test.
return "${stepName}"(stepArgs)
