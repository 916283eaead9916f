package dev.kube4j.apimachinery.selector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A label selector with upstream's semantics (k8s.io/apimachinery/pkg/labels): an AND of
 * requirements, parsed from the string syntax of the {@code labelSelector} query parameter
 * ({@code a=b,c!=d,e in (f,g),h notin (i),j,!k}) or built from a {@code metav1.LabelSelector}
 * object. Instances are immutable.
 */
public final class LabelSelector {

    /** Selector operators with their upstream spelling ({@code selection.Operator}). */
    public enum Operator {
        DOES_NOT_EXIST("!"),
        EQUALS("="),
        DOUBLE_EQUALS("=="),
        IN("in"),
        NOT_EQUALS("!="),
        NOT_IN("notin"),
        EXISTS("exists"),
        GREATER_THAN("gt"),
        LESS_THAN("lt");

        private final String text;

        Operator(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * One requirement: a key, an operator and its values (empty for Exists/DoesNotExist, one for
     * the equality and Gt/Lt operators, one or more for In/NotIn).
     */
    public record Requirement(String key, Operator operator, List<String> values) {

        public Requirement {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = List.copyOf(values);
        }

        /**
         * A validated requirement, as upstream's {@code NewRequirement}.
         *
         * @throws ApiException 400 with upstream's aggregated field errors
         */
        public static Requirement of(String key, Operator operator, List<String> values) {
            List<String> errors = validate(key, operator, values);
            if (!errors.isEmpty()) {
                throw ApiException.badRequest(aggregate(errors));
            }
            return new Requirement(key, operator, values == null ? List.of() : values);
        }

        public boolean matches(Map<String, String> labels) {
            return switch (operator) {
                case IN, EQUALS, DOUBLE_EQUALS -> labels.containsKey(key) && values.contains(labels.get(key));
                case NOT_IN, NOT_EQUALS -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case EXISTS -> labels.containsKey(key);
                case DOES_NOT_EXIST -> !labels.containsKey(key);
                case GREATER_THAN, LESS_THAN -> {
                    if (!labels.containsKey(key) || values.size() != 1) {
                        yield false;
                    }
                    Long actual = parseLong(labels.get(key));
                    Long bound = parseLong(values.get(0));
                    if (actual == null || bound == null) {
                        yield false;
                    }
                    yield operator == Operator.GREATER_THAN ? actual > bound : actual < bound;
                }
            };
        }

        /** Upstream's rendering: {@code a=b}, {@code a in (x,y)}, {@code !a}, values sorted. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (operator == Operator.DOES_NOT_EXIST) {
                sb.append('!');
            }
            sb.append(key);
            switch (operator) {
                case EQUALS -> sb.append('=');
                case DOUBLE_EQUALS -> sb.append("==");
                case NOT_EQUALS -> sb.append("!=");
                case IN -> sb.append(" in ");
                case NOT_IN -> sb.append(" notin ");
                case GREATER_THAN -> sb.append('>');
                case LESS_THAN -> sb.append('<');
                case EXISTS, DOES_NOT_EXIST -> {
                    return sb.toString();
                }
            }
            boolean set = operator == Operator.IN || operator == Operator.NOT_IN;
            if (set) {
                sb.append('(');
            }
            if (values.size() == 1) {
                sb.append(values.get(0));
            } else {
                List<String> sorted = new ArrayList<>(values);
                Collections.sort(sorted);
                sb.append(String.join(",", sorted));
            }
            if (set) {
                sb.append(')');
            }
            return sb.toString();
        }
    }

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    private final List<Requirement> requirements;
    private final boolean nothing;

    private LabelSelector(List<Requirement> requirements, boolean nothing) {
        this.requirements = requirements;
        this.nothing = nothing;
    }

    /** Matches every label set (the empty selector). */
    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /** Matches no label set (a null {@code metav1.LabelSelector}). */
    public static LabelSelector nothing() {
        return NOTHING;
    }

    /** A selector of the given requirements, sorted by key as upstream's {@code Selector.Add}. */
    public static LabelSelector of(List<Requirement> requirements) {
        List<Requirement> sorted = new ArrayList<>(requirements);
        sorted.sort(Comparator.comparing(Requirement::key));
        return new LabelSelector(List.copyOf(sorted), false);
    }

    /** Equality requirements for every entry, without validation (upstream's {@code SelectorFromSet}). */
    public static LabelSelector fromSet(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return EVERYTHING;
        }
        List<Requirement> reqs = new ArrayList<>();
        labels.forEach((k, v) -> reqs.add(new Requirement(k, Operator.EQUALS, List.of(v))));
        return of(reqs);
    }

    /**
     * Parses the string syntax of upstream's {@code labels.Parse}.
     *
     * @throws ApiException 400 BadRequest whose message is upstream's parse error
     */
    public static LabelSelector parse(String selector) {
        if (selector == null) {
            return EVERYTHING;
        }
        return of(new Parser(selector).parse());
    }

    /**
     * Converts a {@code metav1.LabelSelector} object (matchLabels + matchExpressions) as upstream's
     * {@code LabelSelectorAsSelector}: a missing or null selector matches nothing, an empty one
     * everything.
     *
     * @throws ApiException 400 when an operator, key or value is invalid
     */
    public static LabelSelector fromJson(JsonNode selector) {
        if (selector == null || selector.isNull() || selector.isMissingNode()) {
            return NOTHING;
        }
        JsonNode matchLabels = selector.path("matchLabels");
        JsonNode expressions = selector.path("matchExpressions");
        int count = (matchLabels.isObject() ? matchLabels.size() : 0) + (expressions.isArray() ? expressions.size() : 0);
        if (count == 0) {
            return EVERYTHING;
        }
        List<Requirement> reqs = new ArrayList<>();
        if (matchLabels.isObject()) {
            for (Map.Entry<String, JsonNode> e : matchLabels.properties()) {
                reqs.add(Requirement.of(e.getKey(), Operator.EQUALS, List.of(text(e.getValue()))));
            }
        }
        if (expressions.isArray()) {
            for (JsonNode expr : expressions) {
                String op = text(expr.path("operator"));
                Operator operator = switch (op) {
                    case "In" -> Operator.IN;
                    case "NotIn" -> Operator.NOT_IN;
                    case "Exists" -> Operator.EXISTS;
                    case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
                    default -> throw ApiException.badRequest("\"" + op + "\" is not a valid label selector operator");
                };
                List<String> values = null;
                JsonNode vals = expr.path("values");
                if (vals.isArray() && !vals.isEmpty()) {
                    values = new ArrayList<>();
                    for (JsonNode v : vals) {
                        values.add(text(v));
                    }
                }
                reqs.add(Requirement.of(text(expr.path("key")), operator, values));
            }
        }
        return of(reqs);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "" : node.asText();
    }

    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        Map<String, String> ls = labels == null ? Map.of() : labels;
        for (Requirement r : requirements) {
            if (!r.matches(ls)) {
                return false;
            }
        }
        return true;
    }

    /** Matches the labels of a JSON object such as {@code metadata.labels} (null or missing = no labels). */
    public boolean matches(JsonNode labels) {
        Map<String, String> map = new LinkedHashMap<>();
        if (labels != null && labels.isObject()) {
            for (Map.Entry<String, JsonNode> e : labels.properties()) {
                map.put(e.getKey(), text(e.getValue()));
            }
        }
        return matches(map);
    }

    /** True when the selector does not restrict the selection (upstream's {@code Empty()}). */
    public boolean isEmpty() {
        return !nothing && requirements.isEmpty();
    }

    /** True for {@link #nothing()}. */
    public boolean matchesNothing() {
        return nothing;
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    /** The single value a label must have, when the selector requires one (for index lookups). */
    public Optional<String> requiresExactMatch(String label) {
        for (Requirement r : requirements) {
            if (r.key().equals(label)) {
                return switch (r.operator()) {
                    case EQUALS, DOUBLE_EQUALS, IN -> r.values().size() == 1 ? Optional.of(r.values().get(0)) : Optional.empty();
                    default -> Optional.empty();
                };
            }
        }
        return Optional.empty();
    }

    /** The canonical string form, e.g. {@code app=web,tier in (a,b)}; empty for everything and nothing. */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSelector other && nothing == other.nothing && requirements.equals(other.requirements);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requirements, nothing);
    }

    // ---------------------------------------------------------------------------------------
    // validation shared by the parser and Requirement.of

    /** Upstream's NewRequirement checks; {@code values == null} stands for a nil slice. */
    static List<String> validate(String key, Operator op, List<String> values) {
        List<String> errs = new ArrayList<>();
        List<String> keyErrs = Validators.isQualifiedName(key);
        if (!keyErrs.isEmpty()) {
            errs.add(invalid("key", quote(key), String.join("; ", keyErrs)));
        }
        List<String> vals = values == null ? List.of() : values;
        String rendered = jsonList(values);
        switch (op) {
            case IN, NOT_IN -> {
                if (vals.isEmpty()) {
                    errs.add(invalid("values", rendered, "for 'in', 'notin' operators, values set can't be empty"));
                }
            }
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
                if (vals.size() != 1) {
                    errs.add(invalid("values", rendered, "exact-match compatibility requires one single value"));
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!vals.isEmpty()) {
                    errs.add(invalid("values", rendered, "values set must be empty for exists and does not exist"));
                }
            }
            case GREATER_THAN, LESS_THAN -> {
                if (vals.size() != 1) {
                    errs.add(invalid("values", rendered, "for 'Gt', 'Lt' operators, exactly one value is required"));
                }
                for (int i = 0; i < vals.size(); i++) {
                    if (parseLong(vals.get(i)) == null) {
                        errs.add(invalid("values[" + i + "]", quote(vals.get(i)),
                                "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }
            }
        }
        for (int i = 0; i < vals.size(); i++) {
            List<String> valueErrs = Validators.isValidLabelValue(vals.get(i));
            if (!valueErrs.isEmpty()) {
                errs.add(invalid("values[" + i + "][" + key + "]", quote(vals.get(i)), String.join("; ", valueErrs)));
            }
        }
        return new ArrayList<>(new LinkedHashSet<>(errs));
    }

    /** An aggregate of errors rendered as upstream's utilerrors aggregate. */
    static String aggregate(List<String> errs) {
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(errs));
        return unique.size() == 1 ? unique.get(0) : "[" + String.join(", ", unique) + "]";
    }

    static String invalid(String field, String renderedValue, String detail) {
        return field + ": Invalid value: " + renderedValue + ": " + detail;
    }

    static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String jsonList(List<String> values) {
        if (values == null) {
            return "null";
        }
        return values.stream().map(LabelSelector::jsonString).collect(Collectors.joining(",", "[", "]"));
    }

    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<' -> sb.append("\\u003c");
                case '>' -> sb.append("\\u003e");
                case '&' -> sb.append("\\u0026");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Go's {@code %q} for the strings that label selectors can contain. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x07 -> sb.append("\\a");
                case 0x08 -> sb.append("\\b");
                case 0x0c -> sb.append("\\f");
                case 0x0b -> sb.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        sb.append(String.format("\\x%02x", cp));
                    } else if (!Character.isDefined(cp) || Character.getType(cp) == Character.CONTROL) {
                        sb.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    // ---------------------------------------------------------------------------------------
    // lexer and parser of the string syntax, following upstream's grammar and messages

    private enum Token {
        ERROR, END_OF_STRING, CLOSED_PAR, COMMA, DOES_NOT_EXIST, DOUBLE_EQUALS, EQUALS, GREATER_THAN,
        IDENTIFIER, IN, LESS_THAN, NOT_EQUALS, NOT_IN, OPEN_PAR
    }

    private record Item(Token token, String literal) {
    }

    private static final Map<String, Token> LITERALS = Map.ofEntries(
            Map.entry(")", Token.CLOSED_PAR), Map.entry(",", Token.COMMA), Map.entry("!", Token.DOES_NOT_EXIST),
            Map.entry("==", Token.DOUBLE_EQUALS), Map.entry("=", Token.EQUALS), Map.entry(">", Token.GREATER_THAN),
            Map.entry("in", Token.IN), Map.entry("<", Token.LESS_THAN), Map.entry("!=", Token.NOT_EQUALS),
            Map.entry("notin", Token.NOT_IN), Map.entry("(", Token.OPEN_PAR));

    private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

    private static final class Lexer {
        private final String s;
        private int pos;

        Lexer(String s) {
            this.s = s;
        }

        private char read() {
            return pos < s.length() ? s.charAt(pos++) : 0;
        }

        private void unread() {
            pos--;
        }

        private static boolean isWhitespace(char c) {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }

        private static boolean isSpecial(char c) {
            return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
        }

        Item lex() {
            char ch = read();
            while (isWhitespace(ch)) {
                ch = read();
            }
            if (ch == 0) {
                return new Item(Token.END_OF_STRING, "");
            }
            unread();
            return isSpecial(ch) ? scanSpecial() : scanIdOrKeyword();
        }

        private Item scanIdOrKeyword() {
            StringBuilder buf = new StringBuilder();
            while (true) {
                char ch = read();
                if (ch == 0) {
                    break;
                }
                if (isSpecial(ch) || isWhitespace(ch)) {
                    unread();
                    break;
                }
                buf.append(ch);
            }
            String lit = buf.toString();
            Token t = LITERALS.get(lit);
            return new Item(t != null ? t : Token.IDENTIFIER, lit);
        }

        private Item scanSpecial() {
            StringBuilder buf = new StringBuilder();
            Item last = null;
            while (true) {
                char ch = read();
                if (ch == 0) {
                    break;
                }
                if (!isSpecial(ch)) {
                    unread();
                    break;
                }
                buf.append(ch);
                Token t = LITERALS.get(buf.toString());
                if (t != null) {
                    last = new Item(t, buf.toString());
                } else if (last != null) {
                    unread();
                    break;
                }
            }
            if (last == null) {
                return new Item(Token.ERROR, "error expected: keyword found '" + buf + "'");
            }
            return last;
        }
    }

    private static final class Parser {
        private final List<Item> items = new ArrayList<>();
        private int position;

        Parser(String selector) {
            Lexer lexer = new Lexer(selector);
            while (true) {
                Item item = lexer.lex();
                items.add(item);
                if (item.token() == Token.END_OF_STRING) {
                    break;
                }
            }
        }

        /** In a value context the keywords {@code in}/{@code notin} are plain identifiers. */
        private Item lookahead(boolean values) {
            return contextual(items.get(position), values);
        }

        private Item consume(boolean values) {
            return contextual(items.get(position++), values);
        }

        private static Item contextual(Item item, boolean values) {
            if (values && (item.token() == Token.IN || item.token() == Token.NOT_IN)) {
                return new Item(Token.IDENTIFIER, item.literal());
            }
            return item;
        }

        private static ApiException error(String message) {
            return ApiException.badRequest(message);
        }

        List<Requirement> parse() {
            List<Requirement> reqs = new ArrayList<>();
            while (true) {
                Item next = lookahead(true);
                switch (next.token()) {
                    case IDENTIFIER, DOES_NOT_EXIST -> {
                        Requirement r;
                        try {
                            r = parseRequirement();
                        } catch (RequirementError e) {
                            throw error("unable to parse requirement: " + e.getMessage());
                        }
                        reqs.add(r);
                        Item t = consume(true);
                        switch (t.token()) {
                            case END_OF_STRING -> {
                                return reqs;
                            }
                            case COMMA -> {
                                Item t2 = lookahead(true);
                                if (t2.token() != Token.IDENTIFIER && t2.token() != Token.DOES_NOT_EXIST) {
                                    throw error("found '" + t2.literal() + "', expected: identifier after ','");
                                }
                            }
                            default -> throw error("found '" + t.literal() + "', expected: ',' or 'end of string'");
                        }
                    }
                    case END_OF_STRING -> {
                        return reqs;
                    }
                    default -> throw error("found '" + next.literal() + "', expected: !, identifier, or 'end of string'");
                }
            }
        }

        private Requirement parseRequirement() {
            Operator op = null;
            Item t = consume(true);
            if (t.token() == Token.DOES_NOT_EXIST) {
                op = Operator.DOES_NOT_EXIST;
                t = consume(true);
            }
            if (t.token() != Token.IDENTIFIER) {
                throw new RequirementError("found '" + t.literal() + "', expected: identifier");
            }
            String key = t.literal();
            List<String> keyErrs = Validators.isQualifiedName(key);
            if (!keyErrs.isEmpty()) {
                throw new RequirementError(invalid("<nil>", quote(key), String.join("; ", keyErrs)));
            }
            Token after = lookahead(true).token();
            if (after == Token.END_OF_STRING || after == Token.COMMA) {
                if (op == null) {
                    op = Operator.EXISTS;
                }
            }
            if (op == Operator.EXISTS || op == Operator.DOES_NOT_EXIST) {
                return requirement(key, op, List.of());
            }
            op = parseOperator();
            List<String> values = switch (op) {
                case IN, NOT_IN -> parseValues();
                default -> parseExactValue();
            };
            return requirement(key, op, values);
        }

        private static Requirement requirement(String key, Operator op, List<String> values) {
            List<String> errs = validate(key, op, values);
            if (!errs.isEmpty()) {
                throw new RequirementError(aggregate(errs));
            }
            return new Requirement(key, op, values);
        }

        private Operator parseOperator() {
            Item t = consume(false);
            return switch (t.token()) {
                case IN -> Operator.IN;
                case EQUALS -> Operator.EQUALS;
                case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
                case GREATER_THAN -> Operator.GREATER_THAN;
                case LESS_THAN -> Operator.LESS_THAN;
                case NOT_IN -> Operator.NOT_IN;
                case NOT_EQUALS -> Operator.NOT_EQUALS;
                default -> throw new RequirementError("found '" + t.literal() + "', expected: " + BINARY_OPERATORS);
            };
        }

        private List<String> parseValues() {
            Item t = consume(true);
            if (t.token() != Token.OPEN_PAR) {
                throw new RequirementError("found '" + t.literal() + "' expected: '('");
            }
            Item next = lookahead(true);
            switch (next.token()) {
                case IDENTIFIER, COMMA -> {
                    TreeSet<String> s = parseIdentifiersList();
                    if (consume(true).token() != Token.CLOSED_PAR) {
                        throw new RequirementError("found '" + next.literal() + "', expected: ')'");
                    }
                    return List.copyOf(s);
                }
                case CLOSED_PAR -> {
                    consume(true);
                    return List.of("");
                }
                default -> throw new RequirementError("found '" + next.literal() + "', expected: ',', ')' or identifier");
            }
        }

        private TreeSet<String> parseIdentifiersList() {
            TreeSet<String> s = new TreeSet<>();
            while (true) {
                Item t = consume(true);
                switch (t.token()) {
                    case IDENTIFIER -> {
                        s.add(t.literal());
                        Item t2 = lookahead(true);
                        switch (t2.token()) {
                            case COMMA -> {
                                continue;
                            }
                            case CLOSED_PAR -> {
                                return s;
                            }
                            default -> throw new RequirementError("found '" + t2.literal() + "', expected: ',' or ')'");
                        }
                    }
                    case COMMA -> {
                        if (s.isEmpty()) {
                            s.add("");
                        }
                        Token t2 = lookahead(true).token();
                        if (t2 == Token.CLOSED_PAR) {
                            s.add("");
                            return s;
                        }
                        if (t2 == Token.COMMA) {
                            s.add("");
                        }
                    }
                    default -> throw new RequirementError("found '" + t.literal() + "', expected: ',', or identifier");
                }
            }
        }

        private List<String> parseExactValue() {
            Token next = lookahead(true).token();
            if (next == Token.END_OF_STRING || next == Token.COMMA) {
                return List.of("");
            }
            Item t = consume(true);
            if (t.token() == Token.IDENTIFIER) {
                return List.of(t.literal());
            }
            throw new RequirementError("found '" + t.literal() + "', expected: identifier");
        }
    }

    /** A requirement-level parse failure, wrapped by the parser as upstream does. */
    private static final class RequirementError extends RuntimeException {
        RequirementError(String message) {
            super(message, null, false, false);
        }
    }
}
