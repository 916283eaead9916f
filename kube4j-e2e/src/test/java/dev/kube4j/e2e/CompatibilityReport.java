package dev.kube4j.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Outcomes of the client compatibility tests, and the Markdown page made from them.
 *
 * <p>Each test records rows ({@code client, column, row, outcome, note}) into
 * {@code target/compatibility/<client>.tsv}; {@link #writePage()} then turns every file there into
 * {@code target/compatibility.md}, which is what {@code docs/compatibility.md} is copied from.
 */
final class CompatibilityReport {

    static final Path DIR = Path.of("target", "compatibility");
    static final Path PAGE = Path.of("target", "compatibility.md");

    /** How one operation went with one client version. */
    enum Outcome {
        PASS("✓"), FAIL("✗"), NOT_SERVED("n/a");

        final String mark;

        Outcome(String mark) {
            this.mark = mark;
        }
    }

    record Row(String column, String row, Outcome outcome, String note) {
    }

    private final String client;
    private final List<Row> rows = new ArrayList<>();

    CompatibilityReport(String client) {
        this.client = client;
    }

    synchronized void record(String column, String row, Outcome outcome, String note) {
        rows.add(new Row(column, row, outcome, note == null ? "" : note));
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Writes this client's rows, then the page from every client's rows. */
    synchronized void save() {
        try {
            Files.createDirectories(DIR);
            List<String> lines = new ArrayList<>();
            for (Row r : rows) {
                lines.add(String.join("\t", r.column(), r.row(), r.outcome().name(), oneLine(r.note())));
            }
            Files.write(DIR.resolve(client + ".tsv"), lines, StandardCharsets.UTF_8);
            writePage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String oneLine(String s) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
    }

    static void writePage() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Client compatibility\n\n")
                .append("Measured on ").append(LocalDate.now()).append(" against an in-process kube4j API server ")
                .append("(embedded store; the controller manager for the kubectl matrix; no nodes, so no pod runs), ")
                .append("by the kube4j-e2e tests `KubectlVersionMatrixTest` ")
                .append("(every kubectl binary on the machine, one after the other, on one server), ")
                .append("`ClientJavaTest` and `Fabric8ClientTest`. Each test records its outcomes in ")
                .append("`kube4j-e2e/target/compatibility/*.tsv` and rewrites `kube4j-e2e/target/compatibility.md` ")
                .append("from them; this page is a copy of that file. To measure again:\n\n")
                .append("```\n./mvnw -B -ntp -pl kube4j-e2e -am verify -Dsurefire.failIfNoSpecifiedTests=false \\\n")
                .append("    -Dtest='ClientJavaTest,Fabric8ClientTest,KubectlVersionMatrixTest'\n")
                .append("cp kube4j-e2e/target/compatibility.md docs/compatibility.md\n```\n\n")
                .append("✓ passed, ✗ failed (note below), n/a: the server does not serve what the command needs yet.\n");
        Path kubectl = DIR.resolve("kubectl.tsv");
        if (Files.exists(kubectl)) {
            md.append("\n## kubectl, command by version\n\n");
            table(md, read(kubectl));
        }
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv") && !p.equals(kubectl)).sorted().toList()) {
                List<Row> rows = read(f);
                md.append("\n## ").append(rows.isEmpty() ? f.getFileName() : rows.getFirst().column()).append("\n\n");
                md.append("| operation | result |\n|---|---|\n");
                for (Row r : rows) {
                    md.append("| ").append(r.row()).append(" | ").append(r.outcome().mark)
                            .append(r.note().isEmpty() ? "" : " " + r.note()).append(" |\n");
                }
            }
        }
        Files.writeString(PAGE, md.toString(), StandardCharsets.UTF_8);
    }

    /** Rows are commands, columns versions, in the order they were recorded; notes go below. */
    private static void table(StringBuilder md, List<Row> rows) {
        Set<String> columns = new LinkedHashSet<>();
        Map<String, Map<String, Row>> byRow = new LinkedHashMap<>();
        for (Row r : rows) {
            columns.add(r.column());
            byRow.computeIfAbsent(r.row(), k -> new LinkedHashMap<>()).put(r.column(), r);
        }
        md.append("| command |");
        columns.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|---|");
        columns.forEach(c -> md.append("---|"));
        md.append('\n');
        List<String> notes = new ArrayList<>();
        byRow.forEach((row, cells) -> {
            md.append("| `").append(row).append("` |");
            for (String c : columns) {
                Row cell = cells.get(c);
                md.append(' ').append(cell == null ? "" : cell.outcome().mark);
                if (cell != null && !cell.note().isEmpty()) {
                    String note = row + " (" + c + "): " + cell.note();
                    if (cell.outcome() == Outcome.NOT_SERVED) {
                        note = row + ": " + cell.note();
                    }
                    if (!notes.contains(note)) {
                        notes.add(note);
                    }
                    md.append(" [").append(notes.indexOf(note) + 1).append(']');
                }
                md.append(" |");
            }
            md.append('\n');
        });
        if (!notes.isEmpty()) {
            md.append('\n');
            for (int i = 0; i < notes.size(); i++) {
                md.append(i + 1).append(". ").append(notes.get(i)).append('\n');
            }
        }
    }

    private static List<Row> read(Path f) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            String[] p = line.split("\t", -1);
            if (p.length >= 4) {
                rows.add(new Row(p[0], p[1], Outcome.valueOf(p[2]), p[3]));
            }
        }
        return rows;
    }
}
