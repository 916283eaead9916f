package dev.kube4j.cli;

import picocli.CommandLine;

/** The {@code --node} option: none, local, or hollow:N. */
public record NodeMode(Kind kind, int count) {

    public enum Kind { NONE, LOCAL, HOLLOW }

    public static final class Converter implements CommandLine.ITypeConverter<NodeMode> {
        @Override
        public NodeMode convert(String value) {
            if (value.equals("none")) {
                return new NodeMode(Kind.NONE, 0);
            }
            if (value.equals("local")) {
                return new NodeMode(Kind.LOCAL, 1);
            }
            if (value.startsWith("hollow:")) {
                try {
                    int n = Integer.parseInt(value.substring("hollow:".length()));
                    if (n > 0) {
                        return new NodeMode(Kind.HOLLOW, n);
                    }
                } catch (NumberFormatException ignored) {
                    // fall through to the error below
                }
            }
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a node mode: use none, local or hollow:N (N > 0)");
        }
    }
}
