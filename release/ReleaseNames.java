package release;

import java.util.regex.Pattern;

/** Release name rules (release.md §5) and the Secret name derived from them. */
public final class ReleaseNames {
    public static final int MAX_LENGTH = 53;
    static final String REGEX = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    private static final Pattern VALID = Pattern.compile(REGEX);

    private ReleaseNames() {}

    /** Null when valid, otherwise what is wrong and how to fix it. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "no name provided";
        }
        if (name.length() > MAX_LENGTH) {
            return "release name \"" + name + "\" is " + name.length() + " characters long; the limit is "
                    + MAX_LENGTH + " (63 minus 10 for suffixes the chart appends). Choose a shorter name";
        }
        if (!VALID.matcher(name).matches()) {
            return "release name \"" + name + "\": invalid release name, must match regex " + REGEX
                    + " and the length must not be longer than 53 (use lower-case letters, digits, '-' and '.')";
        }
        return null;
    }

    public static void check(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new ReleaseException(problem);
        }
    }

    /** `sh.helm.release.v1.<name>.v<revision>` */
    public static String secretName(String name, int revision) {
        return "sh.helm.release.v1." + name + ".v" + revision;
    }
}
