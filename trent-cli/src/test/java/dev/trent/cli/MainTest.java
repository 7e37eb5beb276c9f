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
        for (String[] args : new String[][] {{"--version"}, {"encrypt", "--version"}, {"decrypt", "--version"}}) {
            Run r = run(args);
            assertThat(r.exit()).isZero();
            assertThat(r.out()).isEqualTo("trent " + Main.version() + System.lineSeparator());
        }
    }

    @Test
    void helpShowsTheRealDefaultPortAndExamples() {
        Run server = run("server", "--help");
        // (the help wraps descriptions at 80 columns)
        assertThat(server.out().replaceAll("\\s+", " "))
                .contains("Port to listen on (default 4599; 0 = any free port)");
        for (String cmd : new String[] {"encrypt", "decrypt"}) {
            Run r = run(cmd, "--help");
            assertThat(r.exit()).isZero();
            assertThat(r.out())
                    .contains(
                            "Examples:", "--endpoint-url http://localhost:4599", "--ca-bundle", "AWS_ENDPOINT_URL_KMS")
                    .doesNotContain("8080");
            // Examples fit the 80-column help without being wrapped.
            assertThat(r.out().substring(r.out().indexOf("Examples:")).lines())
                    .allSatisfy(l -> assertThat(l.length()).isLessThan(80));
        }
    }
}
