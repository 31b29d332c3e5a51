package common;

import java.util.Optional;

/** Go's `strconv.ParseBool`, which Go's flag package uses for `--flag=value`: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False. */
public final class GoBoolean {
    private GoBoolean() {}

    public static Optional<Boolean> parse(String value) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
            case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
