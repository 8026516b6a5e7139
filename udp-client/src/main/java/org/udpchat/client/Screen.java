package org.udpchat.client;

import java.io.PrintStream;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.ServerPacket;

/**
 * The chat screen: stdout, one message per line, and stderr for complaints. Both client threads write
 * here; each call is one {@code println}, which {@link PrintStream} makes atomic, so lines never
 * interleave.
 */
final class Screen {

    private final PrintStream out;
    private final PrintStream err;

    /** Messages go to {@code out}; the client's complaints to {@code err}, so a script reads only chat. */
    Screen(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Shows a line from the server, made printable first: a server other than ours (or an old one) may
     * send line breaks or escape sequences, which must not repaint the terminal.
     */
    void show(ServerPacket.Line line) {
        out.println(ChatText.printable(line.text()));
    }

    /** Shows one of the client's own texts. */
    void say(String text) {
        out.println(text);
    }

    /** Tells the user something went wrong: a line not sent, a name refused. */
    void warn(String text) {
        err.println(text);
    }

    /** A prompt: no newline, flushed so it appears before the input it asks for. */
    void prompt(String text) {
        out.print(text);
        out.flush();
    }
}
