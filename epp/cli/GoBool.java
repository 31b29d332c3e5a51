package epp.cli;

import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Go's `strconv.ParseBool`: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False. */
public final class GoBool implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
        return parse(value).orElseThrow(() -> new TypeConversionException(
                "invalid boolean value \"" + value + "\" (use true or false)"));
    }

    public static Optional<Boolean> parse(String value) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
            case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
