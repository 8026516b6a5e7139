package org.udpchat.server;

import java.io.BufferedReader;
import java.io.Reader;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Stdin for a program under test: lines are typed from the test thread, and {@link #endOfInput} is what
 * Ctrl-D or a closed pipe would be.
 */
public final class Keyboard extends Reader {

    /** Compared by identity: no typed line can be this very object. */
    private static final String END = new String("end of input");

    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private String current = "";
    private int position;
    private boolean ended;

    public void type(String line) {
        lines.add(line + "\n");
    }

    public void endOfInput() {
        lines.add(END);
    }

    public BufferedReader reader() {
        return new BufferedReader(this);
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (ended) {
            return -1;
        }
        if (position == current.length()) {
            try {
                current = lines.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            position = 0;
            if (current == END) {
                ended = true;
                return -1;
            }
        }
        int count = Math.min(length, current.length() - position);
        current.getChars(position, position + count, buffer, offset);
        position += count;
        return count;
    }

    @Override
    public void close() {
        endOfInput();
    }
}
