package dev.kube4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads another JVM's used heap after a full GC, through jcmd. */
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

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        String javaHome = System.getProperty("java.home");
        Process p = new ProcessBuilder(Path.of(javaHome, "bin", "jcmd").toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
