package dev.kube4j.api.batch;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cron grammar upstream accepts (robfig/cron v3 ParseStandard: five fields, names, ranges, steps,
 * descriptors), reporting its error messages.
 */
public final class CronSchedule {

    private CronSchedule() {
    }

    private record Bounds(int min, int max, Map<String, Integer> names) {
    }

    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
            Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
            Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));
    private static final Map<String, Integer> DAYS = Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5, "sat", 6);
    private static final Bounds[] FIELDS = {
            new Bounds(0, 59, Map.of()), new Bounds(0, 23, Map.of()), new Bounds(1, 31, Map.of()),
            new Bounds(1, 12, MONTHS), new Bounds(0, 6, DAYS)};

    /** Returns null when the schedule parses, else upstream's error text. */
    public static String parseError(String spec) {
        if (spec.isEmpty()) {
            return "empty spec string";
        }
        if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
            int sp = spec.indexOf(' ');
            int eq = spec.indexOf('=');
            String loc = sp < 0 ? spec.substring(eq + 1) : spec.substring(eq + 1, sp);
            try {
                ZoneId.of(loc);
            } catch (Exception e) {
                return "provided bad location " + loc + ": unknown time zone " + loc;
            }
            spec = sp < 0 ? "" : spec.substring(sp).strip();
        }
        if (spec.startsWith("@")) {
            return descriptor(spec);
        }
        String[] fields = spec.isBlank() ? new String[0] : spec.strip().split("\\s+");
        if (fields.length != 5) {
            return "expected exactly 5 fields, found " + fields.length + ": [" + String.join(" ", fields) + "]";
        }
        for (int i = 0; i < 5; i++) {
            for (String expr : fields[i].split(",", -1)) {
                String err = range(expr, FIELDS[i]);
                if (err != null) {
                    return err;
                }
            }
        }
        return null;
    }

    private static String descriptor(String spec) {
        switch (spec) {
            case "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly" -> {
                return null;
            }
            default -> {
                if (spec.startsWith("@every ")) {
                    String d = spec.substring("@every ".length());
                    if (!d.matches("([0-9]*\\.?[0-9]+(ns|us|µs|ms|s|m|h))+")) {
                        return "failed to parse duration " + spec + ": time: invalid duration \"" + d + "\"";
                    }
                    return null;
                }
                return "unrecognized descriptor: " + spec;
            }
        }
    }

    private static String range(String expr, Bounds b) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        boolean single = lowAndHigh.length == 1;
        long start;
        long end;
        long step;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = b.min();
            end = b.max();
        } else {
            Object s = intOrName(lowAndHigh[0], b.names());
            if (s instanceof String err) {
                return err;
            }
            start = (Long) s;
            switch (lowAndHigh.length) {
                case 1 -> end = start;
                case 2 -> {
                    Object e = intOrName(lowAndHigh[1], b.names());
                    if (e instanceof String err) {
                        return err;
                    }
                    end = (Long) e;
                }
                default -> {
                    return "too many hyphens: " + expr;
                }
            }
        }
        switch (rangeAndStep.length) {
            case 1 -> step = 1;
            case 2 -> {
                Object s = mustParseInt(rangeAndStep[1]);
                if (s instanceof String err) {
                    return err;
                }
                step = (Long) s;
                if (single) {
                    end = b.max();
                }
            }
            default -> {
                return "too many slashes: " + expr;
            }
        }
        if (start < b.min()) {
            return "beginning of range (" + start + ") below minimum (" + b.min() + "): " + expr;
        }
        if (end > b.max()) {
            return "end of range (" + end + ") above maximum (" + b.max() + "): " + expr;
        }
        if (start > end) {
            return "beginning of range (" + start + ") beyond end of range (" + end + "): " + expr;
        }
        if (step == 0) {
            return "step of range should be a positive number: " + expr;
        }
        return null;
    }

    private static Object intOrName(String expr, Map<String, Integer> names) {
        Integer n = names.get(expr.toLowerCase(Locale.ROOT));
        return n != null ? (Object) (long) n : mustParseInt(expr);
    }

    private static Object mustParseInt(String expr) {
        long num;
        if (!expr.matches("[+-]?[0-9]+")) {
            return "failed to parse int from " + expr + ": strconv.Atoi: parsing \"" + expr + "\": invalid syntax";
        }
        try {
            num = Long.parseLong(expr.startsWith("+") ? expr.substring(1) : expr);
        } catch (NumberFormatException e) {
            return "failed to parse int from " + expr + ": strconv.Atoi: parsing \"" + expr + "\": value out of range";
        }
        if (num < 0) {
            return "negative number (" + num + ") not allowed: " + expr;
        }
        return num;
    }

    /** Whether a time zone name is valid as validateTimeZone sees it; null when valid, else the message. */
    public static String timeZoneError(String tz) {
        if (tz.isEmpty()) {
            return "timeZone must be nil or non-empty string";
        }
        for (String part : tz.split("/", -1)) {
            if (part.equals(".") || part.equals("..") || part.startsWith("-") || !part.matches("[A-Za-z\\.\\-_0-9+]{1,14}")) {
                return "unknown time zone " + tz;
            }
        }
        if (tz.equalsIgnoreCase("Local")) {
            return "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones";
        }
        try {
            ZoneId.of(tz);
        } catch (Exception e) {
            return "unknown time zone " + tz;
        }
        return null;
    }

    static List<String> split(String s) {
        return new ArrayList<>(List.of(s.split(" ")));
    }
}
