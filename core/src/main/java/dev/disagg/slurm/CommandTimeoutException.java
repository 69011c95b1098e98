package dev.disagg.slurm;

import java.io.IOException;

/** A command did not end in time and was killed. */
public final class CommandTimeoutException extends IOException {
    public CommandTimeoutException(String message) {
        super(message);
    }
}
