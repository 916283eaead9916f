package dev.kube4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ServerCommandTest {

    @TempDir
    Path dir;

    private String runExpectingExit2(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new ServerCommand()).execute(args)).isEqualTo(2);
        } finally {
            System.setErr(saved);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badServiceRangesAreRefusedBeforeAnythingStarts() {
        assertThat(runExpectingExit2("--data-dir", dir.toString(), "--service-cidr", "10.43.0.0"))
                .contains("invalid service CIDR \"10.43.0.0\"");
        assertThat(runExpectingExit2("--data-dir", dir.toString(), "--service-node-port-range", "32767-30000"))
                .contains("invalid node port range \"32767-30000\"");
        assertThat(dir.resolve("store")).doesNotExist();
    }

    @Test
    void defaultsAreK3ssRanges() {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs("--data-dir", dir.toString());
        assertThat(command.serviceCidr).isEqualTo("10.43.0.0/16");
        assertThat(command.nodePortRange).isEqualTo("30000-32767");
    }
}
