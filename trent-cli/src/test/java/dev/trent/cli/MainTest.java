package dev.trent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --version} and the help texts. */
class MainTest {
    record Run(int exit, String out) {}

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString());
    }

    @Test
    void versionIsTheManifestsImplementationVersionOrUnknownFromClasses() {
        // Run from target/classes there is no manifest; the jar's has Implementation-Version (see trent-it).
        String expected = Main.class.getPackage().getImplementationVersion();
        assertThat(Main.version()).isEqualTo(expected == null ? "unknown" : expected);
        for (String[] args : new String[][] {{"--version"}}) {
            Run r = run(args);
            assertThat(r.exit()).isZero();
            assertThat(r.out()).isEqualTo("trent " + Main.version() + System.lineSeparator());
        }
    }

    @Test
    void serverHelpShowsTheRealDefaultPort() {
        Run server = run("server", "--help");
        assertThat(server.out()).contains("Port to listen on (default 4599; 0 = any free port)");
    }
}
