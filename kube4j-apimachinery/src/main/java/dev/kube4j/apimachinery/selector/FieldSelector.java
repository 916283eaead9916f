package dev.kube4j.apimachinery.selector;

import dev.kube4j.apimachinery.errors.ApiException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A field selector with upstream's semantics (k8s.io/apimachinery/pkg/fields): an AND of
 * {@code field=value}, {@code field==value} and {@code field!=value} terms separated by commas,
 * where a value escapes {@code \}, {@code ,} and {@code =} with a backslash. Instances are
 * immutable.
 */
public final class FieldSelector {

    /** The two operators a field requirement can have ({@code ==} parses as {@link #EQUALS}). */
    public enum Operator {
        EQUALS("="),
        NOT_EQUALS("!=");

        private final String text;

        Operator(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** One term: the field (e.g. {@code metadata.name}), the operator and the unescaped value. */
    public record Requirement(String field, Operator operator, String value) {

        public Requirement {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
        }

        public boolean matches(Function<String, String> valueOf) {
            String actual = valueOf.apply(field);
            if (actual == null) {
                actual = "";
            }
            return operator == Operator.EQUALS ? actual.equals(value) : !actual.equals(value);
        }

        @Override
        public String toString() {
            return field + operator.text() + escapeValue(value);
        }
    }

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of(), false);
    private static final FieldSelector NOTHING = new FieldSelector(List.of(), true);

    private final List<Requirement> requirements;
    private final boolean nothing;

    private FieldSelector(List<Requirement> requirements, boolean nothing) {
        this.requirements = requirements;
        this.nothing = nothing;
    }

    public static FieldSelector everything() {
        return EVERYTHING;
    }

    public static FieldSelector nothing() {
        return NOTHING;
    }

    /** A selector of the given requirements, in the given order. */
    public static FieldSelector of(List<Requirement> requirements) {
        return requirements.isEmpty() ? EVERYTHING : new FieldSelector(List.copyOf(requirements), false);
    }

    /** Equality terms for every entry (upstream's {@code SelectorFromSet}). */
    public static FieldSelector fromSet(Map<String, String> fields) {
        if (fields == null || fields.isEmpty()) {
            return EVERYTHING;
        }
        List<Requirement> reqs = new ArrayList<>();
        fields.forEach((k, v) -> reqs.add(new Requirement(k, Operator.EQUALS, v)));
        return of(reqs);
    }

    /**
     * Parses upstream's syntax. Terms are sorted as upstream does before parsing; empty terms and
     * terms with an empty field and value are dropped.
     *
     * @throws ApiException 400 BadRequest with upstream's message, e.g.
     *                      {@code invalid selector: 'a'; can't understand 'a'}
     */
    public static FieldSelector parse(String selector) {
        if (selector == null || selector.isEmpty()) {
            return EVERYTHING;
        }
        List<String> parts = splitTerms(selector);
        Collections.sort(parts);
        List<Requirement> reqs = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            String[] split = splitTerm(part);
            if (split == null) {
                throw ApiException.badRequest("invalid selector: '" + selector + "'; can't understand '" + part + "'");
            }
            String value = unescapeValue(split[2]);
            Operator op = split[1].equals("!=") ? Operator.NOT_EQUALS : Operator.EQUALS;
            if (split[0].isEmpty() && value.isEmpty()) {
                continue; // upstream's Transform turns such a term into Everything
            }
            reqs.add(new Requirement(split[0], op, value));
        }
        return of(reqs);
    }

    /** Splits on commas that are not escaped by a backslash. */
    private static List<String> splitTerms(String selector) {
        List<String> terms = new ArrayList<>();
        int start = 0;
        boolean inSlash = false;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (inSlash) {
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',') {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        return terms;
    }

    /** {lhs, op, rhs} at the first operator (checking {@code !=}, {@code ==}, {@code =} at each position). */
    private static String[] splitTerm(String term) {
        for (int i = 0; i < term.length(); i++) {
            for (String op : new String[]{"!=", "==", "="}) {
                if (term.startsWith(op, i)) {
                    return new String[]{term.substring(0, i), op, term.substring(i + op.length())};
                }
            }
        }
        return null;
    }

    /** Escapes {@code \}, {@code ,} and {@code =} in a value (upstream's {@code EscapeValue}). */
    public static String escapeValue(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == ',' || c == '=') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /**
     * Reverses {@link #escapeValue}.
     *
     * @throws ApiException 400 for an invalid escape sequence or an unescaped {@code ,} or {@code =}
     */
    public static String unescapeValue(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf(',') < 0 && s.indexOf('=') < 0) {
            return s;
        }
        StringBuilder v = new StringBuilder(s.length());
        boolean inSlash = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (inSlash) {
                if (c == '\\' || c == ',' || c == '=') {
                    v.appendCodePoint(c);
                } else {
                    throw ApiException.badRequest("invalid field selector: invalid escape sequence: \\"
                            + new String(Character.toChars(c)));
                }
                inSlash = false;
                continue;
            }
            switch (c) {
                case '\\' -> inSlash = true;
                // upstream prints the rune with %v, i.e. as its code point number
                case ',', '=' -> throw ApiException.badRequest("invalid field selector: unescaped character in value: " + c);
                default -> v.appendCodePoint(c);
            }
        }
        if (inSlash) {
            throw ApiException.badRequest("invalid field selector: invalid escape sequence: \\");
        }
        return v.toString();
    }

    /** True when every requirement holds for the field values given by {@code valueOf} (null = ""). */
    public boolean matches(Function<String, String> valueOf) {
        if (nothing) {
            return false;
        }
        for (Requirement r : requirements) {
            if (!r.matches(valueOf)) {
                return false;
            }
        }
        return true;
    }

    /** Matches a flat field map, such as the one a strategy computes for an object. */
    public boolean matches(Map<String, String> fields) {
        return matches(fields::get);
    }

    public boolean isEmpty() {
        return !nothing && requirements.isEmpty();
    }

    public boolean matchesNothing() {
        return nothing;
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    /** The value a field must equal, when the selector requires one (e.g. {@code spec.nodeName}). */
    public Optional<String> requiresExactMatch(String field) {
        for (Requirement r : requirements) {
            if (r.field().equals(field) && r.operator() == Operator.EQUALS) {
                return Optional.of(r.value());
            }
        }
        return Optional.empty();
    }

    /**
     * Rewrites every requirement (e.g. to map a legacy field label to its current name); a
     * requirement mapped to {@code null} is dropped.
     */
    public FieldSelector transform(UnaryOperator<Requirement> fn) {
        if (nothing) {
            return this;
        }
        List<Requirement> out = new ArrayList<>();
        for (Requirement r : requirements) {
            Requirement n = fn.apply(r);
            if (n != null && !(n.field().isEmpty() && n.value().isEmpty())) {
                out.add(n);
            }
        }
        return of(out);
    }

    /** The canonical string form, e.g. {@code metadata.name=foo,status.phase!=Running}. */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSelector other && nothing == other.nothing && requirements.equals(other.requirements);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requirements, nothing);
    }
}
