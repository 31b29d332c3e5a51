// JLine 3: the terminal under pool's live --wait progress (is stderr a terminal, its width and
// capabilities, colours that degrade on dumb terminals). 3.26.3 runs on Java 8+, so on pool's Java 17.
//DEPS org.jline:jline:3.26.3
