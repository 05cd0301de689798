package org.activeseg.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.activeseg.acquisition.AcquisitionMethods;
import org.junit.jupiter.api.Test;

/**
 * The README's "Where each method lives" table cannot go stale: every class it names is a source
 * file (Java reference and binding under java/src/main/java, tests under java/src/test/java; a name
 * with dots is a path under org.activeseg), every CUDA file is in cuda/src and every launcher or
 * kernel named after a file occurs in that file, and every {@code --method} has a row that names the
 * method's class.
 */
class ReadmeMethodTableTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize(); // surefire runs in java/
    private static final String HEADING = "## Where each method lives";
    private static final List<String> COLUMNS = List.of("method", "Java reference", "CUDA kernel (`cuda/src`)",
            "binding", "tests");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** One table row: the backticked names of each column. */
    record Row(String text, List<List<String>> names) {
        List<String> column(int i) {
            return names.get(i);
        }
    }

    @Test
    void everyNameInTheTableExists() throws IOException {
        List<Row> rows = table();
        Set<String> mainClasses = javaFiles(ROOT.resolve("java/src/main/java"));
        Set<String> testClasses = javaFiles(ROOT.resolve("java/src/test/java"));
        Path cuda = ROOT.resolve("cuda/src");
        List<String> missing = new ArrayList<>();
        for (Row row : rows) {
            for (int col : new int[] {1, 3}) {
                for (String name : row.column(col)) {
                    if (!mainClassExists(name, mainClasses)) {
                        missing.add(COLUMNS.get(col) + " " + name);
                    }
                }
            }
            for (String name : row.column(4)) {
                if (!testClasses.contains(name)) {
                    missing.add("test " + name);
                }
            }
            String source = null;
            String file = null;
            for (String name : row.column(2)) {
                if (name.endsWith(".cu") || name.endsWith(".cuh")) {
                    file = name;
                    Path p = cuda.resolve(name);
                    source = Files.isRegularFile(p) ? Files.readString(p) : null;
                    if (source == null) {
                        missing.add("CUDA file cuda/src/" + name);
                    }
                } else if (file == null) {
                    missing.add("CUDA name " + name + " before any file in its cell");
                } else if (source != null && !containsWord(source, name)) {
                    missing.add("CUDA name " + name + " in cuda/src/" + file);
                }
            }
            assertFalse(row.column(4).isEmpty(), "a row without tests: " + row.text());
        }
        assertTrue(missing.isEmpty(), "README's method table names what the tree does not have: " + missing);
    }

    @Test
    void everyMethodHasARowNamingItsClass() throws IOException {
        List<Row> rows = table();
        Set<String> documented = new TreeSet<>();
        for (Row row : rows) {
            for (String name : row.column(0)) {
                assertTrue(AcquisitionMethods.names().contains(name),
                        "README's method table names an unknown method `" + name + "`: " + row.text());
                assertTrue(documented.add(name), "method " + name + " has two rows");
                String cls = AcquisitionMethods.create(name).getClass().getSimpleName();
                assertTrue(row.column(1).stream().anyMatch(n -> n.equals(cls) || n.endsWith("." + cls)),
                        "the row of " + name + " does not name " + cls + ": " + row.text());
            }
        }
        assertEquals(new TreeSet<>(AcquisitionMethods.names()), documented, "methods with a row in README's table");
    }

    /** The rows of the table under {@link #HEADING}, checked for its column headings. */
    private static List<Row> table() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        int at = lines.indexOf(HEADING);
        assertTrue(at >= 0, "README.md has no \"" + HEADING + "\" section");
        int i = at + 1;
        while (i < lines.size() && !lines.get(i).startsWith("|") && !lines.get(i).startsWith("## ")) {
            i++;
        }
        assertTrue(i < lines.size() && lines.get(i).startsWith("|"), "no table under " + HEADING);
        assertEquals(COLUMNS, cells(lines.get(i)), "the table's columns");
        assertTrue(lines.get(i + 1).matches("\\|(---\\|)+"), "the table's separator row: " + lines.get(i + 1));
        List<Row> rows = new ArrayList<>();
        for (int r = i + 2; r < lines.size() && lines.get(r).startsWith("|"); r++) {
            List<String> cells = cells(lines.get(r));
            assertEquals(COLUMNS.size(), cells.size(), "cells in row: " + lines.get(r));
            List<List<String>> names = new ArrayList<>();
            for (String cell : cells) {
                List<String> inCell = new ArrayList<>();
                Matcher m = CODE.matcher(cell);
                while (m.find()) {
                    inCell.add(m.group(1));
                }
                names.add(inCell);
            }
            rows.add(new Row(lines.get(r), names));
        }
        assertTrue(rows.size() >= AcquisitionMethods.names().size() / 2, "the table has only " + rows.size() + " rows");
        return rows;
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0));
        List<String> cells = new ArrayList<>();
        for (String c : inner.split("\\|", -1)) {
            cells.add(c.strip());
        }
        return cells;
    }

    /** A dotted name is a class file or a package folder under org/activeseg; a plain one a class anywhere. */
    private static boolean mainClassExists(String name, Set<String> simpleNames) {
        if (name.contains(".")) {
            Path base = ROOT.resolve("java/src/main/java/org/activeseg").resolve(name.replace('.', '/'));
            return Files.isRegularFile(base.resolveSibling(base.getFileName() + ".java")) || Files.isDirectory(base);
        }
        return simpleNames.contains(name);
    }

    private static boolean containsWord(String text, String word) {
        return Pattern.compile("\\b" + Pattern.quote(word) + "\\b").matcher(text).find();
    }

    /** Simple names of the .java files under {@code dir}. */
    private static Set<String> javaFiles(Path dir) throws IOException {
        Set<String> names = new HashSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .forEach(n -> names.add(n.substring(0, n.length() - ".java".length())));
        }
        return names;
    }
}
