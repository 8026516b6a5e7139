package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node's cluster port does not serve Hazelcast's client protocol: a client needs nothing but the cluster's
 * name, and would read and write the cluster's maps and run its tasks (it did, before the port was made a
 * member endpoint alone).
 */
class ClusterClientRefusedIT {

    private static ClusterFixture cluster;

    @BeforeAll
    static void startOneNode() throws Exception {
        cluster = ClusterFixture.of(1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aHazelcastClientThatKnowsTheClusterNameCannotConnect() {
        ClientConfig config = new ClientConfig();
        config.setClusterName(ClusterFixture.NAME);
        config.getNetworkConfig().addAddress(cluster.node(0).nodes().get(0));
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3000);

        assertThrows(IllegalStateException.class, () -> HazelcastClient.newHazelcastClient(config)
                .shutdown());
    }
}
