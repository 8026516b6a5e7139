package org.udpchat.client;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jline.utils.WCWidth;

/**
 * A terminal screen for tests: takes what a program writes to an xterm and keeps the characters where
 * they would show, interpreting the few escape sequences a line editor writes (cursor moves, erasing,
 * inserting and deleting characters; colours and modes are ignored). Wide (CJK) characters take two
 * cells. Thread-safe: the program writes from its threads while the test reads.
 */
final class VirtualScreen extends OutputStream {

    private final int columns;
    private final String[][] cells;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    /** Everything written, for a failing test to show. */
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    private int row;
    private int column;

    VirtualScreen(int columns, int rows) {
        this.columns = columns;
        this.cells = new String[rows][columns];
        for (String[] line : cells) {
            Arrays.fill(line, " ");
        }
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
        written.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        pending.write(bytes, offset, length);
        written.write(bytes, offset, length);
    }

    /** Everything written so far, escape characters shown as {@code ^[}: for a failing test's message. */
    synchronized String written() {
        return new String(written.toByteArray(), StandardCharsets.UTF_8).replace("\033", "^[");
    }

    /** The screen's rows, blanks at their ends trimmed, empty rows at the bottom left out. */
    synchronized List<String> lines() {
        interpret();
        List<String> lines = new ArrayList<>();
        for (String[] line : cells) {
            lines.add(String.join("", line).stripTrailing());
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** Where the cursor is: row and column, from 0. */
    synchronized int[] cursor() {
        interpret();
        return new int[] {row, column};
    }

    /** Interprets what was written since last time; an incomplete sequence or character waits. */
    private void interpret() {
        String text = new String(pending.toByteArray(), StandardCharsets.UTF_8);
        int done = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\033') {
                int end = escape(text, i);
                if (end < 0) {
                    break; // the rest of the sequence is still to come
                }
                i = end;
            } else if (c == '\r') {
                column = 0;
                i++;
            } else if (c == '\n') {
                lineFeed();
                i++;
            } else if (c == '\b') {
                column = Math.max(0, column - 1);
                i++;
            } else if (c < ' ') {
                i++; // the bell, and the like
            } else {
                int codePoint = text.codePointAt(i);
                if (codePoint == 0xFFFD && i == text.length() - 1) {
                    break; // half a UTF-8 character
                }
                put(codePoint);
                i += Character.charCount(codePoint);
            }
            done = i;
        }
        byte[] rest = text.substring(done).getBytes(StandardCharsets.UTF_8);
        pending.reset();
        pending.write(rest, 0, rest.length);
    }

    /** Interprets the escape sequence at {@code start}; returns where it ends, or -1 if it is incomplete. */
    private int escape(String text, int start) {
        if (start + 1 >= text.length()) {
            return -1;
        }
        char kind = text.charAt(start + 1);
        if (kind == ']') { // an operating system command, up to BEL or ST: a title, say
            int bel = text.indexOf('\007', start);
            return bel < 0 ? -1 : bel + 1;
        }
        if (kind != '[') {
            return start + 2; // keypad modes and the like
        }
        int i = start + 2;
        while (i < text.length() && (text.charAt(i) < '@' || text.charAt(i) > '~')) {
            i++;
        }
        if (i >= text.length()) {
            return -1;
        }
        String parameters = text.substring(start + 2, i);
        csi(text.charAt(i), parameters);
        return i + 1;
    }

    private void csi(char command, String parameters) {
        if (parameters.startsWith("?") || parameters.startsWith(">")) {
            return; // private modes: bracketed paste, cursor keys
        }
        String[] fields = parameters.split(";", -1);
        int n = fields[0].isEmpty() ? 1 : Integer.parseInt(fields[0]);
        switch (command) {
            case 'A':
                row = Math.max(0, row - n);
                break;
            case 'B':
                row = Math.min(cells.length - 1, row + n);
                break;
            case 'C':
                column = Math.min(columns - 1, column + n);
                break;
            case 'D':
                column = Math.max(0, column - n);
                break;
            case 'G':
                column = Math.min(columns - 1, n - 1);
                break;
            case 'H':
                row = n - 1;
                column = fields.length > 1 && !fields[1].isEmpty() ? Integer.parseInt(fields[1]) - 1 : 0;
                break;
            case 'K':
                int mode = fields[0].isEmpty() ? 0 : n;
                int from = mode == 0 ? column : 0;
                int to = mode == 1 ? column + 1 : columns;
                Arrays.fill(cells[row], from, to, " ");
                break;
            case 'J':
                Arrays.fill(cells[row], column, columns, " ");
                for (int r = row + 1; r < cells.length; r++) {
                    Arrays.fill(cells[r], " ");
                }
                break;
            case 'P': // delete characters: the rest of the line moves left
                String[] line = cells[row];
                int deleted = Math.min(n, columns - column);
                System.arraycopy(line, column + deleted, line, column, columns - column - deleted);
                Arrays.fill(line, columns - deleted, columns, " ");
                break;
            case '@': // insert blanks: the rest of the line moves right
                String[] shifted = cells[row];
                int inserted = Math.min(n, columns - column);
                System.arraycopy(shifted, column, shifted, column + inserted, columns - column - inserted);
                Arrays.fill(shifted, column, column + inserted, " ");
                break;
            case 'X':
                Arrays.fill(cells[row], column, Math.min(columns, column + n), " ");
                break;
            default:
                break; // colours ('m') and modes change nothing a test reads
        }
    }

    private void put(int codePoint) {
        int width = Math.max(0, WCWidth.wcwidth(codePoint));
        if (width == 0) {
            return;
        }
        if (column + width > columns) {
            column = 0;
            lineFeed();
        }
        cells[row][column] = new String(Character.toChars(codePoint));
        if (width == 2) {
            cells[row][column + 1] = ""; // the right half of a wide character
        }
        column += width;
        if (column >= columns) {
            column = columns - 1; // xterm holds the cursor at the margin until the next character
        }
    }

    private void lineFeed() {
        if (row == cells.length - 1) {
            System.arraycopy(cells, 1, cells, 0, cells.length - 1);
            cells[cells.length - 1] = new String[columns];
            Arrays.fill(cells[cells.length - 1], " ");
        } else {
            row++;
        }
    }
}
