package org.udpchat.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Where the user's lines come from: stdin read plainly, or the {@link LineEditor} at a terminal. Read by
 * one thread at a time: the main thread while it asks for a name, then the {@link Sender}.
 */
interface LineInput {

    /**
     * The next line the user sends to the room (the editor shows its own prompt).
     *
     * @return the line, or null at the end of input (Ctrl-D on an empty line)
     * @throws Interrupted when the user pressed Ctrl-C at the editor: they leave, as {@code /quit} does
     */
    String readLine() throws IOException, Interrupted;

    /**
     * Asks {@code question} (shown only to a person at a terminal) and returns the answer.
     *
     * @return the answer, or null at the end of input
     */
    String ask(String question) throws IOException, Interrupted;

    /** The user pressed Ctrl-C at the line editor (elsewhere Ctrl-C is a signal, and the shutdown hook leaves). */
    final class Interrupted extends Exception {
        private static final long serialVersionUID = 1L;

        Interrupted() {
            super("Ctrl-C");
        }
    }

    /**
     * Lines read plainly from {@code in}, as the classic client read them; a question is shown on
     * {@code out} only when {@code interactive}, and a script's first line answers it.
     */
    static LineInput plain(BufferedReader in, PrintStream out, boolean interactive) {
        return new LineInput() {
            @Override
            public String readLine() throws IOException {
                return in.readLine();
            }

            @Override
            public String ask(String question) throws IOException {
                if (interactive) {
                    out.print(question);
                    out.flush();
                }
                return in.readLine();
            }
        };
    }
}
