// java-diff-utils: the unified diffs of `pool diff` (Myers diff, hunks with context), rather than a hand-written diff.
//DEPS io.github.java-diff-utils:java-diff-utils:4.12
