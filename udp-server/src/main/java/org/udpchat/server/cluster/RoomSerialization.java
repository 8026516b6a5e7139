package org.udpchat.server.cluster;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * The room log's objects as they travel between nodes: one factory, one class id each. Registered in {@link
 * ClusterSerialization#configure}; the ids are part of the wire between nodes, so a rolling upgrade keeps them.
 */
final class RoomSerialization implements DataSerializableFactory {

    /** This part's factory id among the cluster's parts (15 for the issue that made the cluster, 1 for rooms). */
    static final int FACTORY_ID = 15_01;

    static final int EVENT = 1;
    static final int ENTRY = 2;
    // 3 and 4 were the appends of one event each, before batches: an older node names them unknown, loudly.
    static final int READ_RANGE = 5;
    static final int RANGE = 6;
    static final int APPEND_BATCH = 7;
    static final int APPEND_BATCH_BACKUP = 8;

    @Override
    public IdentifiedDataSerializable create(int classId) {
        switch (classId) {
            case EVENT:
                return new RoomEvent();
            case ENTRY:
                return new RoomLogEntry();
            case APPEND_BATCH:
                return new AppendToRoom();
            case APPEND_BATCH_BACKUP:
                return new AppendToRoom.OnBackup();
            case READ_RANGE:
                return new ReadRoomRange();
            case RANGE:
                return new RoomRange();
            default:
                return null; // Hazelcast then names the unknown class id in its own exception
        }
    }
}
