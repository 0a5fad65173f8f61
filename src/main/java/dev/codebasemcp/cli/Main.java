package dev.codebasemcp.cli;

import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point: {@code codebase-mcp serve | index | search | jobs | projects | doctor | bench}.
 * Exit codes: 0 ok, 1 failure, 2 usage error (bad arguments or input the user can fix).
 */
@Command(name = "codebase-mcp", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Semantic + keyword code search for AI coding assistants (MCP server and CLI).",
        subcommands = {ServeCommand.class, IndexCommand.class, SearchCommand.class, JobsCommand.class, ProjectsCommand.class,
                DoctorCommand.class, BenchCommand.class, QualityCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof InvalidInputException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("error: " + e);
            org.slf4j.LoggerFactory.getLogger(Main.class).error("Command failed", e);
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * Reads settings and points logging at the configured file before the first logger is created.
     * {@code stderrLevel} is what also goes to stderr (the CLI keeps it quiet; the server is more talkative).
     */
    static Settings settings(String stderrLevel) {
        // Lucene announces its vector API use through java.util.logging on stderr; keep that quiet.
        LUCENE_JUL.setLevel(java.util.logging.Level.WARNING);
        Settings s = Settings.fromEnvironment();
        System.setProperty("codebase.log.file", s.logFile().toString());
        System.setProperty("codebase.log.level", s.logLevel());
        System.setProperty("codebase.log.stderrLevel", stderrLevel);
        return s;
    }

    private static final java.util.logging.Logger LUCENE_JUL = java.util.logging.Logger.getLogger("org.apache.lucene");

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"codebase-mcp " + version()};
        }
    }
}
