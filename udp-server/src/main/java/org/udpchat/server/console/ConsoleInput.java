package org.udpchat.server.console;

import java.io.IOException;

/**
 * Where the operator's lines come from: {@link PipedLines} (a script, a pipe, or a terminal the line
 * editor cannot drive) or {@link LineEditor} (a person at a terminal). Read by the {@code admin-console}
 * thread alone.
 */
interface ConsoleInput {

    /** What the operator did. */
    sealed interface Entry permits Line, Interrupt, End {}

    /** A line, as typed, without its line ending. */
    record Line(String text) implements Entry {}

    /** Ctrl-C at the line editor; what was half typed is gone. */
    record Interrupt() implements Entry {}

    /** The end of input: Ctrl-D on an empty line at the line editor, or the end of a pipe. */
    record End() implements Entry {}

    Entry next() throws IOException;

    /**
     * Whether a person is editing at a terminal: then the end of input is a key pressed, and the console
     * says what it means; piped, the end of input is how a script ends, and nothing is said.
     */
    boolean isEditor();

    /**
     * What Ctrl-C does once the console has ended: at the editor the terminal stays the server's, and the
     * key that stops a program in the foreground stops this one. Piped input has no such key.
     */
    default void onInterrupt(Runnable action) {}
}
