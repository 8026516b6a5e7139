package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.HostPort;

class NameSettingsTest {

    private static ClusterOptions listing(int members) {
        List<HostPort> listed = new java.util.ArrayList<>();
        for (int i = 0; i < members; i++) {
            listed.add(new HostPort("10.0.0." + (i + 1), 5701));
        }
        return ClusterOptions.of("chat", 5701, listed);
    }

    @Test
    void aMajorityOfThreeOrMoreListedNodesIsTheMinimum() {
        assertEquals(2, NameSettings.minimumNodesFor(listing(3)));
        assertEquals(3, NameSettings.minimumNodesFor(listing(4)));
        assertEquals(3, NameSettings.minimumNodesFor(listing(5)));
    }

    @Test
    void oneOrTwoListedNodesAreNotProtected() {
        assertEquals(1, NameSettings.minimumNodesFor(listing(1)));
        assertEquals(1, NameSettings.minimumNodesFor(listing(2)));
    }

    @Test
    void theNamesMapKeepsOneBackupTheLargerSidesEntriesAndItsMinimum() {
        Config config = new Config();

        NameSettings.configure(config, 2);

        MapConfig map = config.getMapConfig(NameSettings.MAP);
        assertEquals(1, map.getBackupCount());
        assertEquals(
                PutIfAbsentMergePolicy.class.getName(),
                map.getMergePolicyConfig().getPolicy());
        assertEquals(NameSettings.PROTECTION, map.getSplitBrainProtectionName());
        assertEquals(
                2, config.getSplitBrainProtectionConfig(NameSettings.PROTECTION).getMinimumClusterSize());
    }

    @Test
    void aMinimumOfOneProtectsNothing() {
        Config config = new Config();

        NameSettings.configure(config, 1);

        assertNull(config.getMapConfig(NameSettings.MAP).getSplitBrainProtectionName());
        assertTrue(config.getSplitBrainProtectionConfigs().isEmpty());
    }

    @Test
    void anOperatorsOwnConfigurationOfTheMapIsKept() {
        Config config = new Config();
        config.addMapConfig(new MapConfig(NameSettings.MAP).setBackupCount(2));

        NameSettings.configure(config, 3);

        assertEquals(2, config.getMapConfig(NameSettings.MAP).getBackupCount());
        assertTrue(config.getSplitBrainProtectionConfigs().isEmpty());
    }

    @Test
    void refusesAMinimumBelowOne() {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> NameSettings.configure(new Config(), 0));

        assertEquals("the names map's minimum cluster size 0 is not 1 or more", refused.getMessage());
    }
}
