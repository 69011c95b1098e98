package hudson

/** Stand-in for Jenkins' hudson.AbortException (not on Maven Central): what error() and a failing sh throw. */
class AbortException extends IOException {
    AbortException(String message) {
        super(message)
    }
}
