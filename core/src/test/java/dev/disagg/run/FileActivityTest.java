package dev.disagg.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class FileActivityTest {
    @TempDir
    Path dir;

    @Test
    void noticesTheFileAppearingAndGrowingOncePerChange() throws Exception {
        Path log = dir.resolve("slurm_7.log");
        FileActivity activity = new FileActivity(log);

        assertThat(activity.getAsBoolean()).as("still missing").isFalse();
        Files.writeString(log, "job started\n");
        assertThat(activity.getAsBoolean()).as("appeared").isTrue();
        assertThat(activity.getAsBoolean()).as("unchanged since").isFalse();
        Files.writeString(log, "done: exit status 0\n", StandardOpenOption.APPEND);
        assertThat(activity.getAsBoolean()).as("grew").isTrue();
    }

    @Test
    @Timeout(value = 50, unit = TimeUnit.SECONDS) // fails a sleep of the whole minute, never a slow machine
    void theSystemSleeperEndsEarlyWhenWokenAndOtherwiseSleepsItsTime() throws Exception {
        Sleeper sleeper = Sleeper.system();

        assertThat(sleeper.sleepUnless(Duration.ofMinutes(1), () -> true)).isTrue();
        assertThat(sleeper.sleepUnless(Duration.ofMillis(30), () -> false)).isFalse();
    }
}
