package dev.kube4j.apimachinery.validation;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * String-level validators with the messages of upstream's {@code k8s.io/apimachinery/pkg/util/validation}
 * (as of Kubernetes 1.33). Each returns the list of failure descriptions; empty when valid.
 */
public final class Validators {

    private Validators() {
    }

    public static final int DNS1123_LABEL_MAX_LENGTH = 63;
    public static final int DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
    public static final int DNS1035_LABEL_MAX_LENGTH = 63;
    public static final int LABEL_VALUE_MAX_LENGTH = 63;
    public static final int QUALIFIED_NAME_MAX_LENGTH = 63;

    static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    static final String DNS1123_LABEL_ERR = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    static final String DNS1123_SUBDOMAIN_ERR = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    static final String DNS1035_LABEL_ERR = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    static final String QNAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    static final String QNAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    static final String LABEL_VALUE_FMT = "(" + QNAME_FMT + ")?";
    static final String LABEL_VALUE_ERR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    static final String CONFIG_KEY_FMT = "[-._a-zA-Z0-9]+";
    static final String CONFIG_KEY_ERR = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
    static final String PERCENT_FMT = "[0-9]+%";
    static final String PERCENT_ERR = "a valid percent string must be a numeric string followed by an ending '%'";
    static final String HTTP_HEADER_FMT = "[-A-Za-z0-9]+";
    static final String HTTP_HEADER_ERR = "a valid HTTP header must consist of alphanumeric characters or '-'";
    static final String ENV_VAR_FMT = "[-._a-zA-Z][-._a-zA-Z0-9]*";
    static final String ENV_VAR_ERR = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
    static final String RELAXED_ENV_VAR_ERR = "a valid environment variable name must consist only of printable ASCII characters other than '='";
    static final String C_IDENTIFIER_FMT = "[A-Za-z_][A-Za-z0-9_]*";

    private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FMT);
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
    private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);
    private static final Pattern QNAME = Pattern.compile(QNAME_FMT);
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
    private static final Pattern CONFIG_KEY = Pattern.compile(CONFIG_KEY_FMT);
    private static final Pattern PERCENT = Pattern.compile(PERCENT_FMT);
    private static final Pattern HTTP_HEADER = Pattern.compile(HTTP_HEADER_FMT);
    private static final Pattern ENV_VAR = Pattern.compile(ENV_VAR_FMT);
    private static final Pattern PORT_NAME_CHARSET = Pattern.compile("[-a-z0-9]+");
    private static final Pattern ONE_LETTER = Pattern.compile(".*[a-z].*", Pattern.DOTALL);

    /** Upstream's RegexError, including its double-space quirk between examples. */
    public static String regexError(String msg, String fmt, String... examples) {
        if (examples.length == 0) {
            return msg + " (regex used for validation is '" + fmt + "')";
        }
        StringBuilder s = new StringBuilder(msg).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                s.append(" or ");
            }
            s.append('\'').append(examples[i]).append("', ");
        }
        return s.append("regex used for validation is '").append(fmt).append("')").toString();
    }

    public static String maxLenError(int length) {
        return "must be no more than " + length + " characters";
    }

    public static String emptyError() {
        return "must be non-empty";
    }

    public static String inclusiveRangeError(long lo, long hi) {
        return "must be between " + lo + " and " + hi + ", inclusive";
    }

    /** Go's len() counts UTF-8 bytes. */
    public static int byteLength(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    public static List<String> isDNS1123Label(String value) {
        List<String> errs = new ArrayList<>();
        if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) {
            errs.add(maxLenError(DNS1123_LABEL_MAX_LENGTH));
        }
        if (!DNS1123_LABEL.matcher(value).matches()) {
            if (DNS1123_SUBDOMAIN.matcher(value).matches()) {
                errs.add("must not contain dots");
            } else {
                errs.add(regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, "my-name", "123-abc"));
            }
        }
        return errs;
    }

    public static List<String> isDNS1123Subdomain(String value) {
        List<String> errs = new ArrayList<>();
        if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
            errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            errs.add(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"));
        }
        return errs;
    }

    public static List<String> isDNS1035Label(String value) {
        List<String> errs = new ArrayList<>();
        if (byteLength(value) > DNS1035_LABEL_MAX_LENGTH) {
            errs.add(maxLenError(DNS1035_LABEL_MAX_LENGTH));
        }
        if (!DNS1035_LABEL.matcher(value).matches()) {
            errs.add(regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, "my-name", "abc-123"));
        }
        return errs;
    }

    /** Upstream's IsQualifiedName: an optional DNS subdomain prefix, '/', and a name part. */
    public static List<String> isQualifiedName(String value) {
        List<String> errs = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        switch (parts.length) {
            case 1 -> name = parts[0];
            case 2 -> {
                String prefix = parts[0];
                name = parts[1];
                if (prefix.isEmpty()) {
                    errs.add("prefix part " + emptyError());
                } else {
                    for (String m : isDNS1123Subdomain(prefix)) {
                        errs.add("prefix part " + m);
                    }
                }
            }
            default -> {
                errs.add("a qualified name " + regexError(QNAME_ERR, QNAME_FMT, "MyName", "my.name", "123-abc")
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errs;
            }
        }
        if (name.isEmpty()) {
            errs.add("name part " + emptyError());
        } else if (byteLength(name) > QUALIFIED_NAME_MAX_LENGTH) {
            errs.add("name part " + maxLenError(QUALIFIED_NAME_MAX_LENGTH));
        }
        if (!QNAME.matcher(name).matches()) {
            errs.add("name part " + regexError(QNAME_ERR, QNAME_FMT, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    public static List<String> isValidLabelValue(String value) {
        List<String> errs = new ArrayList<>();
        if (byteLength(value) > LABEL_VALUE_MAX_LENGTH) {
            errs.add(maxLenError(LABEL_VALUE_MAX_LENGTH));
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errs.add(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    public static List<String> isConfigMapKey(String value) {
        List<String> errs = new ArrayList<>();
        if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
            errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
        }
        if (!CONFIG_KEY.matcher(value).matches()) {
            errs.add(regexError(CONFIG_KEY_ERR, CONFIG_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
        }
        errs.addAll(hasChDirPrefix(value));
        return errs;
    }

    private static List<String> hasChDirPrefix(String value) {
        if (value.equals(".")) {
            return List.of("must not be '.'");
        }
        if (value.equals("..")) {
            return List.of("must not be '..'");
        }
        if (value.startsWith("..")) {
            return List.of("must not start with '..'");
        }
        return List.of();
    }

    public static List<String> isValidPortNum(long port) {
        return port >= 1 && port <= 65535 ? List.of() : List.of(inclusiveRangeError(1, 65535));
    }

    public static List<String> isInRange(long value, long min, long max) {
        return value >= min && value <= max ? List.of() : List.of(inclusiveRangeError(min, max));
    }

    public static List<String> isValidUserID(long uid) {
        return isInRange(uid, 0, Integer.MAX_VALUE);
    }

    public static List<String> isValidGroupID(long gid) {
        return isInRange(gid, 0, Integer.MAX_VALUE);
    }

    public static List<String> isValidPortName(String port) {
        List<String> errs = new ArrayList<>();
        if (byteLength(port) > 15) {
            errs.add(maxLenError(15));
        }
        if (!PORT_NAME_CHARSET.matcher(port).matches()) {
            errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (!ONE_LETTER.matcher(port).matches()) {
            errs.add("must contain at least one letter (a-z)");
        }
        if (port.contains("--")) {
            errs.add("must not contain consecutive hyphens");
        }
        if (!port.isEmpty() && (port.charAt(0) == '-' || port.charAt(port.length() - 1) == '-')) {
            errs.add("must not begin or end with a hyphen");
        }
        return errs;
    }

    public static List<String> isValidPercent(String percent) {
        return PERCENT.matcher(percent).matches() ? List.of()
                : List.of(regexError(PERCENT_ERR, PERCENT_FMT, "1%", "93%"));
    }

    public static List<String> isHTTPHeaderName(String value) {
        return HTTP_HEADER.matcher(value).matches() ? List.of()
                : List.of(regexError(HTTP_HEADER_ERR, HTTP_HEADER_FMT, "X-Header-Name"));
    }

    public static List<String> isEnvVarName(String value) {
        List<String> errs = new ArrayList<>();
        if (!ENV_VAR.matcher(value).matches()) {
            errs.add(regexError(ENV_VAR_ERR, ENV_VAR_FMT, "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
        }
        errs.addAll(hasChDirPrefix(value));
        return errs;
    }

    /** The relaxed rule in force by default since Kubernetes 1.32. */
    public static List<String> isRelaxedEnvVarName(String value) {
        List<String> errs = new ArrayList<>();
        if (value.isEmpty()) {
            errs.add("environment variable name " + emptyError());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 126 || c < 32 || c == '=') {
                errs.add(RELAXED_ENV_VAR_ERR);
                break;
            }
        }
        return errs;
    }

    public static List<String> isValidPathSegmentName(String name) {
        if (name.equals(".") || name.equals("..")) {
            return List.of("may not be '" + name + "'");
        }
        return isValidPathSegmentPrefix(name);
    }

    public static List<String> isValidPathSegmentPrefix(String name) {
        List<String> errs = new ArrayList<>();
        if (name.contains("/")) {
            errs.add("may not contain '/'");
        }
        if (name.contains("%")) {
            errs.add("may not contain '%'");
        }
        return errs;
    }

    // ---- IP addresses ----

    /** Parses an IPv4 or IPv6 literal without DNS look-ups; null when not an IP. */
    public static InetAddress parseIP(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.contains(":")) {
            if (!value.matches("[0-9a-fA-F:.]+") || value.contains(":::")) {
                return null;
            }
            try {
                InetAddress a = InetAddress.getByName(value);
                return a;
            } catch (Exception e) {
                return null;
            }
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (Exception e) {
            return null;
        }
    }

    public static boolean isIPv6(String value) {
        return parseIP(value) instanceof Inet6Address;
    }

    public static boolean isIPv4(String value) {
        return parseIP(value) instanceof Inet4Address;
    }

    /** Upstream's IsValidIP (strict form). */
    public static List<FieldError> isValidIP(Path path, String value) {
        List<FieldError> errs = new ArrayList<>();
        InetAddress ip = parseIP(value);
        if (ip == null) {
            errs.add(FieldError.invalid(path.toString(), value, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
            return errs;
        }
        if (ip instanceof Inet4Address) {
            for (String part : value.split("\\.")) {
                if (part.length() > 1 && part.startsWith("0")) {
                    errs.add(FieldError.invalid(path.toString(), value, "must not have leading 0s"));
                    return errs;
                }
            }
        } else if (value.contains(".") && value.toLowerCase().startsWith("::ffff:")) {
            errs.add(FieldError.invalid(path.toString(), value, "must not be an IPv4-mapped IPv6 address"));
            return errs;
        }
        String canonical = canonicalIP(ip);
        if (!value.equals(canonical)) {
            errs.add(FieldError.invalid(path.toString(), value, "must be in canonical form (\"" + canonical + "\")"));
        }
        return errs;
    }

    /** Go's net.IP String(): dotted quad, or RFC 5952 compressed IPv6. */
    public static String canonicalIP(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        byte[] b = ip.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] == 0) {
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }

    /** Upstream's IsValidCIDR (strict form). */
    public static List<FieldError> isValidCIDR(Path path, String value) {
        List<FieldError> errs = new ArrayList<>();
        int slash = value == null ? -1 : value.indexOf('/');
        InetAddress ip = slash < 0 ? null : parseIP(value.substring(0, slash));
        int bits = -1;
        if (ip != null) {
            String len = value.substring(slash + 1);
            if (!len.isEmpty() && len.length() <= 3 && len.chars().allMatch(Character::isDigit)) {
                bits = Integer.parseInt(len);
                if (bits > ip.getAddress().length * 8) {
                    bits = -1;
                }
            }
        }
        if (ip == null || bits < 0) {
            errs.add(FieldError.invalid(path.toString(), value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
            return errs;
        }
        byte[] addr = ip.getAddress();
        for (int i = 0; i < addr.length * 8; i++) {
            if (i >= bits && (addr[i / 8] & (0x80 >> (i % 8))) != 0) {
                errs.add(FieldError.invalid(path.toString(), value, "must not have bits set beyond the prefix length"));
                return errs;
            }
        }
        String canonical = canonicalIP(ip) + "/" + bits;
        if (!value.equals(canonical)) {
            errs.add(FieldError.invalid(path.toString(), value, "must be in canonical form (\"" + canonical + "\")"));
        }
        return errs;
    }

    /** Upstream's IsFullyQualifiedDomainName. */
    public static List<FieldError> isFullyQualifiedDomainName(Path path, String name) {
        List<FieldError> errs = new ArrayList<>();
        if (name.isEmpty()) {
            errs.add(FieldError.required(path.toString(), ""));
            return errs;
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        List<String> sub = isDNS1123Subdomain(name);
        if (!sub.isEmpty()) {
            errs.add(FieldError.invalid(path.toString(), name, String.join(",", sub)));
            return errs;
        }
        String[] labels = name.split("\\.");
        if (labels.length < 2) {
            errs.add(FieldError.invalid(path.toString(), name, "should be a domain with at least two segments separated by dots"));
            return errs;
        }
        for (String label : labels) {
            List<String> l = isDNS1123Label(label);
            if (!l.isEmpty()) {
                errs.add(FieldError.invalid(path.toString(), label, String.join(",", l)));
                return errs;
            }
        }
        return errs;
    }
}
