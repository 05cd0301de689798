package org.activeseg.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `activeseg` command line: one subcommand per job. */
@Command(name = "activeseg", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Active learning for semantic segmentation: scores frames, superpixels, windows or pixels "
                + "for labelling and runs the active-learning loop.",
        subcommands = {InfoCommand.class, GenerateCommand.class, InspectCommand.class, ScoreCommand.class, ServeCommand.class, ReplayCommand.class, RunCommand.class, ReportCommand.class, ExportCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Log level debug: every reason behind the backend choice and other details (on stderr). */
    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Log details on stderr (e.g. every reason behind the scoring backend choice).")
    void verbose(boolean on) {
        if (on) {
            // Read by slf4j-simple when the first logger is made; nothing logs before the command line is parsed.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // Bad input is reported as one clear line (the message names the file / frame / value);
            // ACTIVESEG_DEBUG=1 adds the stack trace.
            cmd.getErr().println("activeseg " + cmd.getCommandName() + ": " + describe(ex));
            if (System.getenv("ACTIVESEG_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl;
    }

    static String describe(Throwable ex) {
        StringBuilder sb = new StringBuilder(String.valueOf(ex.getMessage() == null ? ex : ex.getMessage()));
        for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
                sb.append("\n  caused by: ").append(c.getMessage());
            }
        }
        return sb.toString();
    }
}
