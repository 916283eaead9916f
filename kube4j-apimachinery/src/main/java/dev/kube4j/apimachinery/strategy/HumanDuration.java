package dev.kube4j.apimachinery.strategy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Upstream's {@code duration.HumanDuration}: a succinct duration with ~2-3 significant figures
 * ({@code 45s}, {@code 5m30s}, {@code 3h20m}, {@code 2d4h}, {@code 400d}, {@code 3y2d}), and the
 * AGE cells printed from timestamps ({@code <unknown>} when missing).
 */
public final class HumanDuration {

    private HumanDuration() {
    }

    private static volatile Clock clock = Clock.systemUTC();

    /** The clock AGE cells are computed against; tests may fix it. */
    public static void setClock(Clock c) {
        clock = c == null ? Clock.systemUTC() : c;
    }

    public static Instant now() {
        return clock.instant();
    }

    public static String format(Duration d) {
        long nanos;
        try {
            nanos = d.toNanos();
        } catch (ArithmeticException e) {
            nanos = d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        long seconds = nanos / 1_000_000_000L;
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = nanos / 60_000_000_000L;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = nanos / 3_600_000_000_000L;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? (hours / 24) + "d" : (hours / 24) + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return (hours / 24) + "d";
        } else if (hours < 24 * 365 * 8) {
            long dy = (hours / 24) % 365;
            return dy == 0 ? (hours / 24 / 365) + "y" : (hours / 24 / 365) + "y" + dy + "d";
        }
        return (hours / 24 / 365) + "y";
    }

    /** Parses an RFC 3339 timestamp (with or without fraction); null when missing or invalid. */
    public static Instant parse(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (RuntimeException e) {
            try {
                return Instant.parse(timestamp);
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }

    /** upstream's translateTimestampSince: the age of a timestamp, {@code <unknown>} when missing. */
    public static String since(String timestamp) {
        Instant t = parse(timestamp);
        if (t == null) {
            return "<unknown>";
        }
        return format(Duration.between(t, now()));
    }

    /** The duration between two timestamps, "" when either is missing. */
    public static String between(String from, String to) {
        Instant a = parse(from);
        Instant b = parse(to);
        if (a == null || b == null) {
            return "";
        }
        return format(Duration.between(a, b));
    }
}
