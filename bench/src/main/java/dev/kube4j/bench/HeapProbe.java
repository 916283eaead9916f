package dev.kube4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads another JVM's used heap after a full GC (jcmd), its GC pause time (jstat) and where its CPU went (/proc). */
final class HeapProbe {

    private HeapProbe() {
    }

    static String usedAfterGc(long pid) {
        try {
            jcmd(pid, "GC.run");
            String info = jcmd(pid, "GC.heap_info");
            Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
            long usedKb = m.find() ? Long.parseLong(m.group(1)) : -1;
            String rss = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/status")).lines()
                    .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
            return usedKb < 0 ? "unknown" : String.format("%.1f MB heap used, %s", usedKb / 1024.0, rss);
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Total GC pause time so far, from jstat (young + full + concurrent pauses). */
    static String gcTime(long pid) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
                    Long.toString(pid)).redirectErrorStream(true).start();
            String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split("\n");
            p.waitFor(30, TimeUnit.SECONDS);
            String[] head = lines[0].trim().split("\\s+");
            String[] vals = lines[lines.length - 1].trim().split("\\s+");
            for (int i = 0; i < head.length; i++) {
                if (head[i].equals("GCT")) {
                    return "GC time " + vals[i] + " s";
                }
            }
            return "GC time unknown";
        } catch (Exception e) {
            return "GC time unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * CPU time of the whole process and of its garbage-collector and JIT-compiler threads, from
     * /proc: G1's concurrent marking runs beside the application and is in no pause total, yet on
     * two cores it can take one of them.
     */
    static String cpuByThreads(long pid) {
        try (var tasks = java.nio.file.Files.list(Path.of("/proc/" + pid + "/task"))) {
            double total = 0;
            double gc = 0;
            double jit = 0;
            for (Path task : tasks.toList()) {
                String comm;
                String stat;
                try {
                    comm = java.nio.file.Files.readString(task.resolve("comm")).trim();
                    stat = java.nio.file.Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                // Fields after the ")" that closes the name: utime and stime are the 12th and 13th.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // USER_HZ
                total += seconds;
                if (comm.startsWith("G1 ") || comm.startsWith("GC Thread")) {
                    gc += seconds;
                } else if (comm.contains("CompilerThre")) {
                    jit += seconds;
                }
            }
            return String.format("CPU %.0f s, of which GC threads %.0f s (%.0f %%, concurrent marking included), JIT %.0f s (%.0f %%)",
                    total, gc, 100 * gc / total, jit, 100 * jit / total);
        } catch (Exception e) {
            return "CPU by threads unknown (" + e.getMessage() + ")";
        }
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        String javaHome = System.getProperty("java.home");
        Process p = new ProcessBuilder(Path.of(javaHome, "bin", "jcmd").toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
