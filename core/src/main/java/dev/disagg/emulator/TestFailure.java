package dev.disagg.emulator;

/**
 * The test failed the way upstream's would: {@code type} is the Python exception upstream raises
 * there (RuntimeError, TimeoutError, ...), the message its text. pytest shows it as {@code E} lines.
 */
final class TestFailure extends RuntimeException {
    private final String type;

    TestFailure(String type, String message) {
        super(message);
        this.type = type;
    }

    static TestFailure runtime(String message) {
        return new TestFailure("RuntimeError", message);
    }

    /** {@code RuntimeError: message}, as pytest's failure message. */
    String summary() {
        return type + ": " + getMessage();
    }
}
