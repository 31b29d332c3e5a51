package commands.progress;

import java.io.PrintWriter;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.InfoCmp.Capability;

/**
 * A block of lines at the bottom of a terminal that is redrawn in place: the cursor goes back up
 * over the previous frame, each line is cut to the terminal's width (so nothing wraps and the
 * count of lines to go back over stays right) and cleared to its end. Text written between frames
 * (messages) scrolls up above the block.
 */
final class LiveRegion {
    private final Terminal terminal;
    private final PrintWriter out;
    private int drawn;

    LiveRegion(Terminal terminal, PrintWriter out) {
        this.terminal = terminal;
        this.out = out;
    }

    /** True when the terminal can move the cursor up and clear lines (not a dumb terminal). */
    static boolean supported(Terminal terminal) {
        return terminal.getStringCapability(Capability.cursor_up) != null
                && terminal.getStringCapability(Capability.clr_eol) != null
                && terminal.getStringCapability(Capability.clr_eos) != null;
    }

    void draw(List<AttributedString> lines) {
        goBack();
        int width = Math.max(terminal.getWidth(), 20);
        for (var line : lines) {
            // one column short of the edge: a full line would wrap on some terminals
            var cut = line.columnLength() >= width ? line.columnSubSequence(0, width - 1) : line;
            out.print(cut.toAnsi(terminal));
            out.print(capability(Capability.clr_eol));
            out.print('\n');
        }
        out.print(capability(Capability.clr_eos));
        drawn = lines.size();
        out.flush();
    }

    /** Removes the block, prints the text above where it was; the next draw puts the block back below. */
    void printAbove(String text) {
        goBack();
        out.print(capability(Capability.clr_eos));
        out.println(text);
        drawn = 0;
        out.flush();
    }

    /** Leaves the last frame on screen as ordinary output. */
    void release() {
        drawn = 0;
        out.flush();
    }

    private void goBack() {
        out.print('\r');
        String up = capability(Capability.cursor_up);
        for (int i = 0; i < drawn; i++) {
            out.print(up);
        }
    }

    private String capability(Capability capability) {
        var sequence = new java.io.StringWriter();
        org.jline.utils.Curses.tputs(sequence, terminal.getStringCapability(capability));
        return sequence.toString();
    }
}
