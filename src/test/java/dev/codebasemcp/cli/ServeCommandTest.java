package dev.codebasemcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Usage errors of {@code serve} are refused (exit code 2) before anything starts. */
class ServeCommandTest {

    @Test
    void portOrHostWithoutHttp_isAUsageError() {
        assertThat(Main.run(new String[] {"serve", "--port", "9000"})).isEqualTo(2);
        assertThat(Main.run(new String[] {"serve", "--host", "0.0.0.0"})).isEqualTo(2);
    }

    @Test
    void portOutOfRange_isAUsageError() {
        assertThat(Main.run(new String[] {"serve", "--http", "--port", "65536"})).isEqualTo(2);
        assertThat(Main.run(new String[] {"serve", "--http", "--port", "-1"})).isEqualTo(2);
    }

    @Test
    void help_describesTheHttpOptionsAndTheTokenVariable() {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new Main());
        cli.getSubcommands().get("serve").usage(new java.io.PrintWriter(out));
        assertThat(out.toString()).contains("--http", "--port=N", "default: 8765", "--host=H", "default: 127.0.0.1",
                "CODEBASE_MCP_AUTH_TOKEN");
    }
}
