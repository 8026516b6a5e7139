package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.noise.NoiseKeyPair;

/** One node's members' places in one value: its format, and its seal bound to the node. */
class NodePositionsTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ClusterSeal SEAL = ClusterSeal.of(NoiseKeyPair.generate(RANDOM), RANDOM);
    private static final UUID NODE = UUID.fromString("00000000-0000-0001-0000-000000000002");

    private final NodePositions positions = new NodePositions(Map.of(
            101L, new NodePositions.Place("games", 42, 1_764_000_000_000L),
            102L, new NodePositions.Place("games", -1, 1_764_000_001_000L),
            -7L, new NodePositions.Place("tea", 0, 0)));

    @Test
    void aValueReadsBackAsItWasWritten() throws IOException {
        assertEquals(positions, NodePositions.decode(positions.encode()));
        assertEquals(Optional.of(new NodePositions.Place("games", 42, 1_764_000_000_000L)), positions.of(101));
        assertEquals(Optional.empty(), positions.of(103));
        assertEquals(NodePositions.NONE, NodePositions.decode(NodePositions.NONE.encode()));
    }

    @Test
    void aRoomsKeyIsWrittenOnceHoweverManyOfItsMembersTheNodeHas() {
        byte[] encoded = positions.encode();
        // format, rooms, then per room its key (2 + length), its count, 24 bytes per member
        assertEquals(1 + 4 + (2 + 5 + 4 + 2 * 24) + (2 + 3 + 4 + 24), encoded.length);
        assertEquals(1, encoded[0], "the format");
    }

    @Test
    void badBytesAreRefusedWithWhatWasWrong() {
        byte[] encoded = positions.encode();
        byte[] otherFormat = encoded.clone();
        otherFormat[0] = 2;
        assertEquals(
                "node positions in format 2, not 1",
                assertThrows(IOException.class, () -> NodePositions.decode(otherFormat))
                        .getMessage());
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 3);
        assertEquals(
                "node positions followed by 3 bytes more",
                assertThrows(IOException.class, () -> NodePositions.decode(longer))
                        .getMessage());
        byte[] negative = encoded.clone();
        negative[1] = (byte) 0xff;
        assertEquals(
                "node positions of " + 0xff000002 + " rooms",
                assertThrows(IOException.class, () -> NodePositions.decode(negative))
                        .getMessage());
        assertThrows(IOException.class, () -> NodePositions.decode(Arrays.copyOf(encoded, encoded.length - 1)));
    }

    @Test
    void aSealedValueOpensAsItsNodesAndHidesItsRoomsAndTokens() throws Exception {
        byte[] kept = positions.sealFor(NODE, SEAL);

        assertEquals(positions, NodePositions.open(NODE, kept, SEAL));
        String clear = new String(kept, StandardCharsets.ISO_8859_1);
        assertFalse(clear.contains("games"), clear);
        assertFalse(clear.contains("tea"), clear);
    }

    @Test
    void aValueMovedUnderAnotherNodeOrSealedByAnotherClusterDoesNotOpen() {
        byte[] kept = positions.sealFor(NODE, SEAL);
        ClusterSeal another = ClusterSeal.of(NoiseKeyPair.generate(RANDOM), RANDOM);

        assertThrows(ClusterSeal.ClusterSealException.class, () -> NodePositions.open(UUID.randomUUID(), kept, SEAL));
        assertThrows(ClusterSeal.ClusterSealException.class, () -> NodePositions.open(NODE, kept, another));
        assertTrue(kept.length > positions.encode().length, "nonce and tag added");
    }
}
