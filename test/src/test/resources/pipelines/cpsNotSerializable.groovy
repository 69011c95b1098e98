// Negative control: a non-serializable local kept across a step, which Jenkins would refuse to save.
node('slurm') {
    def reader = new StringReader('kept across a step')
    sh(script: 'true', returnStatus: true)
    echo "${reader.read()}"
}
