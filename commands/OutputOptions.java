package commands;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** `-o table|json|yaml`, shared by the commands that print data. */
public final class OutputOptions {
    public enum Format { TABLE, JSON, YAML }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", converter = FormatConverter.class, defaultValue = "table",
            description = "Output format: table, json or yaml (default: ${DEFAULT-VALUE}).")
    Format format = Format.TABLE;

    public Format format() {
        return format;
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value) {
                case "table" -> Format.TABLE;
                case "json" -> Format.JSON;
                case "yaml" -> Format.YAML;
                default -> throw new CommandLine.TypeConversionException("invalid format type \"" + value + "\": use table, json or yaml");
            };
        }
    }
}
