package org.udpchat.server.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;

/**
 * The names map's Hazelcast configuration: one backup (a node's death loses no claim), a merge policy that keeps
 * the larger side's entries after a split brain (entry by entry, so {@link ClusterNames} then finds the smaller
 * side's claims that lost one and has their members change name), and a split-brain protection: a side of a
 * partition with fewer nodes than the minimum refuses new claims rather than hand out a name the other side may
 * have handed out too.
 *
 * <p>The minimum: a majority of the nodes listed in {@code --cluster-members} when three or more are listed (so
 * a cluster of three goes on with two, and a lone node cut off refuses); 1, no protection, for one or two listed
 * (two nodes have no majority once one is gone: refusing then would make every node's death stop all joins, and
 * a name held twice is resolved at the merge). A Hazelcast configuration file that configures the map {@value
 * #MAP} (and its own {@code split-brain-protection}) is used as it is.
 */
final class NameSettings {

    /** The names map: every key's and fold's entry, cluster-wide. */
    static final String MAP = "udp-chat.names";

    /** The split-brain protection rule the names map's writes obey. */
    static final String PROTECTION = "udp-chat.names.minimum-nodes";

    private NameSettings() {}

    /** The default minimum cluster size for the names map's writes, from the members listed. */
    static int minimumNodesFor(ClusterOptions options) {
        int listed = options.members().size();
        return listed >= 3 ? listed / 2 + 1 : 1;
    }

    /** Configures the names map unless the operator's file does; {@code minimumNodes} 1 means no protection. */
    static void configure(Config config, int minimumNodes) {
        if (minimumNodes < 1) {
            throw new IllegalArgumentException(
                    "the names map's minimum cluster size " + minimumNodes + " is not 1 or more");
        }
        if (config.getMapConfigOrNull(MAP) != null) {
            return; // the operator's own configuration of the names map
        }
        MapConfig map = new MapConfig(MAP).setBackupCount(1);
        map.setMergePolicyConfig(
                new MergePolicyConfig(PutIfAbsentMergePolicy.class.getName(), MergePolicyConfig.DEFAULT_BATCH_SIZE));
        if (minimumNodes > 1) {
            config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(PROTECTION, true, minimumNodes)
                    .setProtectOn(SplitBrainProtectionOn.WRITE));
            map.setSplitBrainProtectionName(PROTECTION);
        }
        config.addMapConfig(map);
    }
}
