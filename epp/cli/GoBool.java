package epp.cli;

import common.GoBoolean;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A boolean flag value as Go's flag package reads it ({@link GoBoolean}). */
public final class GoBool implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
        return GoBoolean.parse(value).orElseThrow(() -> new TypeConversionException(
                "invalid boolean value \"" + value + "\" (use true or false)"));
    }
}
