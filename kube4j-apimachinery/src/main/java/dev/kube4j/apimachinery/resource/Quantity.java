package dev.kube4j.apimachinery.resource;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource quantity as upstream's {@code resource.Quantity}: parsed from {@code 500m}, {@code 600Mi},
 * {@code 1e3}..., compared exactly, and printed in canonical form ({@code 0.5} prints {@code 500m},
 * {@code 1024Mi} prints {@code 1Gi}).
 */
public final class Quantity implements Comparable<Quantity> {

    public enum Format { DECIMAL_EXPONENT, BINARY_SI, DECIMAL_SI }

    public static final String FORMAT_ERROR =
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    public static final String SUFFIX_ERROR = "unable to parse quantity's suffix";

    private static final Pattern SHAPE = Pattern.compile("([+-]?)([0-9]*\\.?[0-9]*)([eEinumkKMGTP]*[-+]?[0-9]*)");
    private static final Map<String, Integer> DEC_SUFFIX = Map.of("n", -9, "u", -6, "m", -3, "", 0, "k", 3,
            "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
    private static final Map<String, Integer> BIN_SUFFIX = Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);

    private final BigDecimal value;
    private final Format format;

    private Quantity(BigDecimal value, Format format) {
        this.value = value;
        this.format = format;
    }

    public static Quantity of(BigDecimal value, Format format) {
        return new Quantity(value, format);
    }

    public static final Quantity ZERO = new Quantity(BigDecimal.ZERO, Format.DECIMAL_SI);

    /** Parses a quantity; throws IllegalArgumentException with upstream's message when malformed. */
    public static Quantity parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        }
        Matcher m = SHAPE.matcher(s);
        if (!m.matches() || m.group(2).isEmpty() || m.group(2).equals(".")) {
            throw new IllegalArgumentException(FORMAT_ERROR);
        }
        String suffix = m.group(3);
        BigDecimal number = new BigDecimal(m.group(2).startsWith(".") ? "0" + m.group(2)
                : m.group(2).endsWith(".") ? m.group(2) + "0" : m.group(2));
        if (m.group(1).equals("-")) {
            number = number.negate();
        }
        Format format;
        BigDecimal v;
        if (DEC_SUFFIX.containsKey(suffix)) {
            format = Format.DECIMAL_SI;
            v = number.scaleByPowerOfTen(DEC_SUFFIX.get(suffix));
        } else if (BIN_SUFFIX.containsKey(suffix)) {
            format = Format.BINARY_SI;
            v = number.multiply(new BigDecimal(BigInteger.TWO.pow(BIN_SUFFIX.get(suffix))));
        } else if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')
                && suffix.substring(1).matches("[-+]?[0-9]+")) {
            format = Format.DECIMAL_EXPONENT;
            int exp;
            try {
                exp = Integer.parseInt(suffix.substring(1).replace("+", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(SUFFIX_ERROR);
            }
            if (Math.abs(exp) > 1000) {
                throw new IllegalArgumentException(SUFFIX_ERROR);
            }
            v = number.scaleByPowerOfTen(exp);
        } else {
            throw new IllegalArgumentException(SUFFIX_ERROR);
        }
        if (v.scale() > 9) {
            v = v.setScale(9, RoundingMode.UP);
        }
        return new Quantity(v, format);
    }

    /** Parses a JSON quantity (string or number); null when absent, invalid, or of another type. */
    public static Quantity fromJson(JsonNode n) {
        if (n == null || !(n.isTextual() || n.isNumber())) {
            return null;
        }
        try {
            return parse(n.isNumber() ? n.decimalValue().toPlainString() : n.asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public BigDecimal value() {
        return value;
    }

    public Format format() {
        return format;
    }

    public int signum() {
        return value.signum();
    }

    public boolean isZero() {
        return value.signum() == 0;
    }

    public Quantity add(Quantity other) {
        return new Quantity(value.add(other.value), format);
    }

    /** upstream's RoundUp(-3): round away from zero to milli precision. */
    public Quantity roundUpMilli() {
        if (value.scale() <= 3) {
            return this;
        }
        return new Quantity(value.setScale(3, RoundingMode.UP), format);
    }

    /** The value in thousandths, rounded up. */
    public long milliValue() {
        return value.movePointRight(3).setScale(0, RoundingMode.UP).longValue();
    }

    /** The value rounded up to an integer. */
    public long ceilValue() {
        return value.setScale(0, RoundingMode.UP).longValue();
    }

    @Override
    public int compareTo(Quantity o) {
        return value.compareTo(o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity q && q.value.compareTo(value) == 0;
    }

    @Override
    public int hashCode() {
        return value.stripTrailingZeros().hashCode();
    }

    /** The canonical form upstream serializes. */
    @Override
    public String toString() {
        if (value.signum() == 0) {
            return "0";
        }
        Format f = format;
        if (f == Format.BINARY_SI) {
            if (value.abs().compareTo(BigDecimal.valueOf(1024)) < 0) {
                f = Format.DECIMAL_SI;
            } else if (value.stripTrailingZeros().scale() > 0) {
                f = Format.DECIMAL_SI;
            }
        }
        if (f == Format.BINARY_SI) {
            BigInteger amount = value.toBigIntegerExact();
            BigInteger k = BigInteger.valueOf(1024);
            int exp = 0;
            while (exp < 60 && amount.signum() != 0 && amount.mod(k).signum() == 0) {
                amount = amount.divide(k);
                exp += 10;
            }
            String suffix = switch (exp) {
                case 10 -> "Ki";
                case 20 -> "Mi";
                case 30 -> "Gi";
                case 40 -> "Ti";
                case 50 -> "Pi";
                case 60 -> "Ei";
                default -> "";
            };
            return amount + suffix;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        BigInteger mantissa = stripped.unscaledValue();
        int exponent = -stripped.scale();
        while (exponent % 3 != 0) {
            mantissa = mantissa.multiply(BigInteger.TEN);
            exponent--;
        }
        if (f == Format.DECIMAL_EXPONENT) {
            return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
        }
        String suffix = switch (exponent) {
            case -9 -> "n";
            case -6 -> "u";
            case -3 -> "m";
            case 0 -> "";
            case 3 -> "k";
            case 6 -> "M";
            case 9 -> "G";
            case 12 -> "T";
            case 15 -> "P";
            case 18 -> "E";
            default -> null;
        };
        if (suffix == null) {
            return mantissa + "e" + exponent;
        }
        return mantissa + suffix;
    }
}
