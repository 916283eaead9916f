package dev.kube4j.apimachinery.cron;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cron grammar upstream accepts (robfig/cron v3 {@code ParseStandard}: an optional
 * {@code TZ=}/{@code CRON_TZ=} prefix, five fields with names, ranges and steps, or a descriptor),
 * with its error messages. Shared by CronJob validation (API server) and the CronJob controller,
 * so both read a schedule the same way.
 */
public final class CronSyntax {

    private CronSyntax() {
    }

    /** A schedule that does not parse; the message is upstream's. */
    public static final class CronParseException extends IllegalArgumentException {
        CronParseException(String message) {
            super(message);
        }
    }

    private record Bounds(int min, int max, Map<String, Integer> names) {
    }

    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
            Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
            Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));
    private static final Map<String, Integer> DAYS = Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5, "sat", 6);
    private static final Bounds MINUTE = new Bounds(0, 59, Map.of());
    private static final Bounds HOUR = new Bounds(0, 23, Map.of());
    private static final Bounds DOM = new Bounds(1, 31, Map.of());
    private static final Bounds MONTH = new Bounds(1, 12, MONTHS);
    private static final Bounds DOW = new Bounds(0, 6, DAYS);
    private static final Bounds[] FIELDS = {MINUTE, HOUR, DOM, MONTH, DOW};
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]*\\.?[0-9]+)(ns|us|µs|ms|s|m|h)");

    /** Returns null when the schedule parses, else upstream's error text. */
    public static String parseError(String spec) {
        try {
            parse(spec, ZoneId.of("UTC"));
            return null;
        } catch (CronParseException e) {
            return e.getMessage();
        }
    }

    /**
     * Parses {@code spec}; times are computed in the zone of a {@code TZ=} prefix, else in
     * {@code zone} (upstream: the CronJob's {@code spec.timeZone}, else the controller's local zone).
     */
    public static CronSchedule parse(String spec, ZoneId zone) {
        if (spec.isEmpty()) {
            throw new CronParseException("empty spec string");
        }
        if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
            int sp = spec.indexOf(' ');
            int eq = spec.indexOf('=');
            String loc = sp < 0 ? spec.substring(eq + 1) : spec.substring(eq + 1, sp);
            try {
                zone = ZoneId.of(loc);
            } catch (Exception e) {
                throw new CronParseException("provided bad location " + loc + ": unknown time zone " + loc);
            }
            spec = sp < 0 ? "" : spec.substring(sp).strip();
        }
        if (spec.startsWith("@")) {
            return descriptor(spec, zone);
        }
        String[] fields = spec.isBlank() ? new String[0] : spec.strip().split("\\s+");
        if (fields.length != 5) {
            throw new CronParseException("expected exactly 5 fields, found " + fields.length + ": [" + String.join(" ", fields) + "]");
        }
        long[] bits = new long[5];
        for (int i = 0; i < 5; i++) {
            for (String expr : fields[i].split(",", -1)) {
                bits[i] |= range(expr, FIELDS[i]);
            }
        }
        return new CronFields(bits[0], bits[1], bits[2], bits[3], bits[4], zone);
    }

    private static CronSchedule descriptor(String spec, ZoneId zone) {
        long hour0 = 1L, minute0 = 1L, first = 1L << 1;
        return switch (spec) {
            case "@yearly", "@annually" -> new CronFields(minute0, hour0, first, first, all(DOW), zone);
            case "@monthly" -> new CronFields(minute0, hour0, first, all(MONTH), all(DOW), zone);
            case "@weekly" -> new CronFields(minute0, hour0, all(DOM), all(MONTH), 1L, zone);
            case "@daily", "@midnight" -> new CronFields(minute0, hour0, all(DOM), all(MONTH), all(DOW), zone);
            case "@hourly" -> new CronFields(minute0, all(HOUR), all(DOM), all(MONTH), all(DOW), zone);
            default -> {
                if (spec.startsWith("@every ")) {
                    String d = spec.substring("@every ".length());
                    Duration delay = goDuration(d);
                    if (delay == null) {
                        throw new CronParseException("failed to parse duration " + spec + ": time: invalid duration \"" + d + "\"");
                    }
                    yield ConstantDelay.every(delay);
                }
                throw new CronParseException("unrecognized descriptor: " + spec);
            }
        };
    }

    /** Go's time.ParseDuration for what {@code @every} takes (unsigned). */
    private static Duration goDuration(String d) {
        Matcher m = DURATION_PART.matcher(d);
        int end = 0;
        double nanos = 0;
        while (m.find() && m.start() == end) {
            end = m.end();
            double unit = switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            nanos += Double.parseDouble(m.group(1)) * unit;
        }
        return end > 0 && end == d.length() ? Duration.ofNanos((long) nanos) : null;
    }

    private static long all(Bounds b) {
        return bits(b.min(), b.max(), 1) | CronFields.STAR;
    }

    private static long bits(long min, long max, long step) {
        if (step == 1) {
            return ~(-1L << (max + 1)) & (-1L << min);
        }
        long bits = 0;
        for (long i = min; i <= max; i += step) {
            bits |= 1L << i;
        }
        return bits;
    }

    /** One comma-separated part of a field: {@code *}, {@code ?}, {@code N}, {@code N-M}, each with an optional {@code /step}. */
    private static long range(String expr, Bounds b) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        boolean single = lowAndHigh.length == 1;
        long start;
        long end;
        long step;
        long extra = 0;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = b.min();
            end = b.max();
            extra = CronFields.STAR;
        } else {
            start = intOrName(lowAndHigh[0], b.names());
            switch (lowAndHigh.length) {
                case 1 -> end = start;
                case 2 -> end = intOrName(lowAndHigh[1], b.names());
                default -> throw new CronParseException("too many hyphens: " + expr);
            }
        }
        switch (rangeAndStep.length) {
            case 1 -> step = 1;
            case 2 -> {
                step = mustParseInt(rangeAndStep[1]);
                if (single) {
                    end = b.max();
                }
                if (step > 1) {
                    extra = 0;
                }
            }
            default -> throw new CronParseException("too many slashes: " + expr);
        }
        if (start < b.min()) {
            throw new CronParseException("beginning of range (" + start + ") below minimum (" + b.min() + "): " + expr);
        }
        if (end > b.max()) {
            throw new CronParseException("end of range (" + end + ") above maximum (" + b.max() + "): " + expr);
        }
        if (start > end) {
            throw new CronParseException("beginning of range (" + start + ") beyond end of range (" + end + "): " + expr);
        }
        if (step == 0) {
            throw new CronParseException("step of range should be a positive number: " + expr);
        }
        return bits(start, end, step) | extra;
    }

    private static long intOrName(String expr, Map<String, Integer> names) {
        Integer n = names.get(expr.toLowerCase(Locale.ROOT));
        return n != null ? n : mustParseInt(expr);
    }

    private static long mustParseInt(String expr) {
        long num;
        if (!expr.matches("[+-]?[0-9]+")) {
            throw new CronParseException("failed to parse int from " + expr + ": strconv.Atoi: parsing \"" + expr + "\": invalid syntax");
        }
        try {
            num = Long.parseLong(expr.startsWith("+") ? expr.substring(1) : expr);
        } catch (NumberFormatException e) {
            throw new CronParseException("failed to parse int from " + expr + ": strconv.Atoi: parsing \"" + expr + "\": value out of range");
        }
        if (num < 0) {
            throw new CronParseException("negative number (" + num + ") not allowed: " + expr);
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
}
