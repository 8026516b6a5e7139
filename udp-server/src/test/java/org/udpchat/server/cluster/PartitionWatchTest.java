package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.cluster.Address;
import com.hazelcast.partition.PartitionLostEvent;
import org.junit.jupiter.api.Test;

/** Which partition losses lose entries: only those of the owner and its one backup together. */
class PartitionWatchTest {

    private static PartitionLostEvent lost(int partition, int lostBackups) {
        return new PartitionLostEvent() {
            @Override
            public int getPartitionId() {
                return partition;
            }

            @Override
            public int getLostBackupCount() {
                return lostBackups;
            }

            @Override
            public boolean allReplicasInPartitionLost() {
                return false;
            }

            @Override
            public Address getEventSource() {
                return null;
            }
        };
    }

    @Test
    void anOwnerLostWhileItsBackupTakesOverLosesNothing() {
        PartitionWatch watch = new PartitionWatch();

        watch.partitionLost(lost(7, 0));

        assertEquals(0, watch.lostPartitions());
    }

    @Test
    void anOwnerLostWithItsBackupIsCountedEachTime() {
        PartitionWatch watch = new PartitionWatch();

        for (int partition = 0; partition < 50; partition++) {
            watch.partitionLost(lost(partition, 1)); // one warning, the rest held back: counted all the same
        }
        watch.partitionLost(lost(99, 2));

        assertEquals(51, watch.lostPartitions());
    }
}
