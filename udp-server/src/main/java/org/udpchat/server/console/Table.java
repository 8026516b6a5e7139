package org.udpchat.server.console;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.WCWidth;

/**
 * The console's tables ({@code /list}, {@code /rooms}, {@code /bans}): rows of cells in columns padded by
 * what a terminal shows, not by characters, so a Chinese name (two columns a character) keeps the columns
 * after it in line. Each column is as wide as its widest cell, and at least as wide as asked, so the
 * usual rows line up from one listing to the next; the last column is not padded.
 */
final class Table {

    private final int[] leastWidths;
    private final List<String[]> rows = new ArrayList<>();

    /** @param leastWidths each column's narrowest width, in terminal columns */
    Table(int... leastWidths) {
        this.leastWidths = leastWidths.clone();
    }

    Table row(String... cells) {
        if (cells.length != leastWidths.length) {
            throw new IllegalArgumentException(
                    cells.length + " cells in a table of " + leastWidths.length + " columns");
        }
        rows.add(cells.clone());
        return this;
    }

    /** The rows, each indented by two spaces, the columns one space apart. */
    List<String> lines() {
        int[] widths = leastWidths.clone();
        for (String[] row : rows) {
            for (int column = 0; column < row.length; column++) {
                widths[column] = Math.max(widths[column], width(row[column]));
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int column = 0; column < row.length; column++) {
                line.append(row[column]);
                if (column < row.length - 1) {
                    line.append(" ".repeat(widths[column] - width(row[column]) + 1));
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /**
     * How many terminal columns {@code text} takes: two for an East Asian wide or full-width character,
     * none for a combining mark or a control character, one for the rest.
     */
    static int width(String text) {
        int columns = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            columns += Math.max(0, WCWidth.wcwidth(codePoint));
            i += Character.charCount(codePoint);
        }
        return columns;
    }
}
