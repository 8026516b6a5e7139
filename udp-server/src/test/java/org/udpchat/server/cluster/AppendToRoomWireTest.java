package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a node takes of an append another cluster member sends it: anything in the cluster may send one. */
class AppendToRoomWireTest {

    private final InternalSerializationService wire = new DefaultSerializationServiceBuilder()
            .addDataSerializableFactory(RoomSerialization.FACTORY_ID, new RoomSerialization())
            .build();

    private static final List<RoomLog.NewEvent> ONE = List.of(new RoomLog.NewEvent(new byte[] {1}, 7));

    @AfterEach
    void dispose() {
        wire.dispose();
    }

    private Object overTheWire(Object sent) {
        return wire.toObject(wire.toData(sent));
    }

    @Test
    void anAppendWithinTheLimitsIsTaken() {
        assertEquals(
                AppendToRoom.class,
                overTheWire(new AppendToRoom(RoomLog.MAX_HISTORY, ONE)).getClass());
        assertEquals(
                AppendToRoom.OnBackup.class,
                overTheWire(new AppendToRoom.OnBackup(List.of(new RoomEvent(1, 1, 7, new byte[] {1})), 0))
                        .getClass());
    }

    @Test
    void anAppendKeepingANegativeHistoryIsRefused() {
        assertThrows(HazelcastSerializationException.class, () -> overTheWire(new AppendToRoom(-1, ONE)));
    }

    @Test
    void anAppendKeepingMoreThanAnyLogKeepsIsRefused() {
        assertThrows(
                HazelcastSerializationException.class,
                () -> overTheWire(new AppendToRoom(RoomLog.MAX_HISTORY + 1, ONE)));
    }

    @Test
    void aBackupKeepingANegativeHistoryIsRefused() {
        RoomEvent event = new RoomEvent(1, 1, 7, new byte[] {1});
        assertThrows(
                HazelcastSerializationException.class,
                () -> overTheWire(new AppendToRoom.OnBackup(List.of(event), -1)));
    }
}
