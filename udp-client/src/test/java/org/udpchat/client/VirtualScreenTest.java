package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test screen itself: each sequence the line editor uses does what an xterm does. */
class VirtualScreenTest {

    private final VirtualScreen screen = new VirtualScreen(20, 4);

    private void write(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        screen.write(bytes, 0, bytes.length);
    }

    @Test
    void textGoesWhereTheCursorIsAndLinesFeed() {
        write("one\r\ntwo");
        assertEquals(List.of("one", "two"), screen.lines());
        assertArrayEquals(new int[] {1, 3}, screen.cursor());
    }

    @Test
    void aWideCharacterTakesTwoColumns() {
        write("中文x");
        assertEquals(List.of("中文x"), screen.lines());
        assertArrayEquals(new int[] {0, 5}, screen.cursor());
    }

    @Test
    void cursorMovesEraseAndColoursAreInterpreted() {
        write("abcdef\033[3D\033[K\033[1mX\033[0m");
        assertEquals(List.of("abcX"), screen.lines());
        write("\r\033[2CY");
        assertEquals(List.of("abYX"), screen.lines());
    }

    @Test
    void charactersAreInsertedAndDeleted() {
        write("abcdef\r\033[2P");
        assertEquals(List.of("cdef"), screen.lines());
        write("\033[2@");
        assertEquals(List.of("  cdef"), screen.lines());
    }

    @Test
    void upAndDownMoveBetweenRowsAndTheBottomScrolls() {
        write("1\r\n2\r\n3\r\n4\r\n5");
        assertEquals(
                List.of("1", "2", "3", "4", "5").subList(1, 5), screen.lines().subList(0, 4));
        write("\r\033[2A\033[K");
        assertEquals("", screen.lines().get(1));
    }

    @Test
    void aSequenceSplitBetweenWritesWaitsForItsEnd() {
        write("ab\033[");
        assertEquals(List.of("ab"), screen.lines());
        write("1Dc");
        assertEquals(List.of("ac"), screen.lines());
    }

    @Test
    void privateModesAndKeypadModesChangeNothing() {
        write("\033[?1h\033=\033[?2004hok");
        assertEquals(List.of("ok"), screen.lines());
    }
}
