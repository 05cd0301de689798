package org.activeseg.cli;

import static org.activeseg.cli.RunCommandTest.TINY;
import static org.activeseg.cli.RunCommandTest.args;
import static org.activeseg.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.activeseg.acquisition.AcquisitionMethods;
import org.activeseg.backend.BackendSelector;
import org.activeseg.cli.RunCommandTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The command line as documented: clean --help texts, the README's command table equal to them, the backend default. */
class CommandHelpTest {
    /** Options every command has, documented once under the README's command table. */
    private static final Set<String> GLOBAL = Set.of("--help", "--version", "--verbose");

    @TempDir
    Path tmp;

    @Test
    void runHelpFormatsCleanlyAndListsTheStrategies() {
        PrintStream saved = System.err;
        ByteArrayOutputStream picocliWarnings = new ByteArrayOutputStream();
        Result r;
        System.setErr(new PrintStream(picocliWarnings, true, StandardCharsets.UTF_8));
        try {
            r = cli("run", "--help");
        } finally {
            System.setErr(saved);
        }
        assertEquals(0, r.exit());
        String warnings = picocliWarnings.toString(StandardCharsets.UTF_8) + r.err();
        assertFalse(warnings.contains("Could not format"), warnings);
        assertTrue(r.out().contains("(default 5%)"), r.out());
        assertFalse(r.out().contains("%%"), r.out());
        String flat = r.out().replaceAll("\\s+", " ");
        for (String s : AcquisitionMethods.names()) {
            assertTrue(flat.contains(" " + s + ","), "run --help lists strategy " + s + ": " + r.out());
        }
    }

    @Test
    void theReadmeCommandTableListsExactlyTheOptionsOfEachCommand() throws IOException {
        Path readme = Path.of("..", "README.md");
        List<String> table = new ArrayList<>();
        boolean inCommands = false;
        for (String line : Files.readAllLines(readme)) {
            if (line.startsWith("## ")) {
                inCommands = line.equals("## Commands");
            } else if (inCommands && line.startsWith("| `activeseg ")) {
                table.add(line.substring(2, line.indexOf("` |") + 1));
            }
        }
        Pattern option = Pattern.compile("--[a-z][a-z-]*");
        for (Map.Entry<String, CommandLine> sub : Main.commandLine().getSubcommands().entrySet()) {
            if (sub.getKey().equals("help")) {
                continue;
            }
            Set<String> documented = new TreeSet<>();
            boolean found = false;
            for (String cell : table) {
                if (cell.startsWith("`activeseg " + sub.getKey() + " ") || cell.equals("`activeseg " + sub.getKey() + "`")) {
                    found = true;
                    Matcher m = option.matcher(cell);
                    while (m.find()) {
                        documented.add(m.group());
                    }
                }
            }
            assertTrue(found, "README's command table has no row for " + sub.getKey());
            Set<String> actual = new TreeSet<>();
            for (OptionSpec o : sub.getValue().getCommandSpec().options()) {
                if (!GLOBAL.contains(o.longestName())) {
                    actual.add(o.longestName());
                }
            }
            assertEquals(actual, documented, "README's command table vs `activeseg " + sub.getKey() + " --help`");
        }
    }

    @Test
    void runTakesItsBackendFromTheEnvironmentWhenNotGiven() {
        List<String> noBackend = new ArrayList<>(TINY);
        int i = noBackend.indexOf("--backend");
        noBackend.remove(i + 1);
        noBackend.remove(i);
        String saved = System.getProperty(BackendSelector.PROPERTY);
        System.setProperty(BackendSelector.PROPERTY, "abacus"); // the same path as $ACTIVESEG_BACKEND, which a test cannot set
        try {
            Path dir = tmp.resolve("run");
            Result r = cli(args("--out", dir, noBackend));
            assertEquals(1, r.exit(), r.out());
            assertTrue(r.err().contains("unknown backend 'abacus' (from -Dactiveseg.backend)"), r.err());
            assertFalse(Files.exists(dir));
        } finally {
            if (saved == null) {
                System.clearProperty(BackendSelector.PROPERTY);
            } else {
                System.setProperty(BackendSelector.PROPERTY, saved);
            }
        }
    }
}
