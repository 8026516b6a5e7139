package org.udpchat.server.cluster;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import java.io.FileNotFoundException;
import java.net.InetAddress;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.secure.Fingerprint;

/**
 * The Hazelcast configuration of one node, from its {@link ClusterOptions}: either built here (TCP discovery of
 * the given members, on the interface that faces them) or read from the operator's file; then, in both cases,
 * what a chat server always needs on top.
 */
final class HazelcastSettings {

    /** The member attribute that carries a node's server key fingerprint, compared when a node joins. */
    static final String KEY_ATTRIBUTE = "udp-chat.server-key";

    /**
     * A dead node is seen within about this long when it stops answering without closing its connections (a
     * hung process, a host gone): Hazelcast's default is 60 s, too long for members waiting to resume elsewhere.
     */
    static final int MAX_NO_HEARTBEAT_SECONDS = 5;

    /** How long after its start a node first looks for another side of its cluster to merge with. */
    static final int MERGE_FIRST_LOOK_SECONDS = 30;

    /** How often it looks again: a split brain's sides merge within about this long of the network's return. */
    static final int MERGE_LOOK_SECONDS = 10;

    private HazelcastSettings() {}

    /**
     * The configuration of a node presenting {@code serverKey}.
     *
     * @throws ClusterStartException if the options' configuration file cannot be read or is not a Hazelcast
     *     configuration, or no interface of this machine reaches the members
     */
    static Config configFor(ClusterOptions options, Fingerprint serverKey) throws ClusterStartException {
        Config config = options.configFile().isPresent() ? fromFile(options) : fromOptions(options);
        config.setClusterName(options.name());
        // A chat server never calls out: Hazelcast would look up phonehome.hazelcast.com and cloud metadata.
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // The server stops Hazelcast itself, after its members have been told; Hazelcast's own hook would
        // leave the cluster first, in the middle of the goodbyes.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        setUnlessGiven(config, "hazelcast.heartbeat.interval.seconds", "1");
        setUnlessGiven(config, "hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
        // After a split brain, the sides look for each other every 10 s once the network is back, not every 2
        // minutes after a first look at 5: until they merge, a room said to on both sides has two orders.
        setUnlessGiven(config, "hazelcast.merge.first.run.delay.seconds", Integer.toString(MERGE_FIRST_LOOK_SECONDS));
        setUnlessGiven(config, "hazelcast.merge.next.run.delay.seconds", Integer.toString(MERGE_LOOK_SECONDS));
        config.getMemberAttributeConfig().setAttribute(KEY_ATTRIBUTE, serverKey.text());
        config.getJetConfig().setEnabled(false);
        ClusterSerialization.configure(config);
        NodeMail.configure(config);
        NodeQuestions.configure(config);
        config.addMapConfig(RoomLog.mapConfig());
        NameSettings.configure(config, NameSettings.minimumNodesFor(options));
        ClusterModeration.configure(config);
        return config;
    }

    private static Config fromOptions(ClusterOptions options) throws ClusterStartException {
        Config config = new Config();
        // Hazelcast's advanced network, with a member endpoint and no other: its plain network serves Hazelcast's
        // client protocol on the member port too, and a client needs nothing but the cluster's name (checked: one
        // read and wrote the directory). With no client endpoint, the port speaks to nodes only.
        AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
        ServerSocketEndpointConfig endpoint = new ServerSocketEndpointConfig();
        endpoint.setPort(options.port()).setPortAutoIncrement(false);
        // The cluster port listens on the interface that faces the other nodes only, never on every interface:
        // what nodes tell each other is not for the internet (README, *Running a cluster*).
        InetAddress local = ClusterInterface.facing(options.members())
                .orElseThrow(() -> new ClusterStartException(
                        "no interface of this machine reaches the cluster's" + " members " + describe(options)));
        endpoint.getInterfaces().setEnabled(true).addInterface(local.getHostAddress());
        network.setMemberEndpointConfig(endpoint);
        config.setProperty("hazelcast.socket.bind.any", "false");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (HostPort member : options.members()) {
            join.getTcpIpConfig().addMember(member.toString());
        }
        return config;
    }

    private static Config fromFile(ClusterOptions options) throws ClusterStartException {
        var file = options.configFile().orElseThrow();
        Config config;
        try {
            config = Config.loadFromFile(file.toFile());
        } catch (FileNotFoundException e) {
            throw new ClusterStartException("--cluster-config: " + file + " cannot be read: " + e.getMessage());
        } catch (InvalidConfigurationException | IllegalArgumentException e) {
            throw new ClusterStartException(
                    "--cluster-config: " + file + " is not a Hazelcast configuration: " + e.getMessage());
        }
        return config; // its network, discovery and port are the file's to say
    }

    private static void setUnlessGiven(Config config, String property, String value) {
        if (config.getProperty(property) == null) {
            config.setProperty(property, value);
        }
    }

    private static String describe(ClusterOptions options) {
        StringBuilder text = new StringBuilder();
        for (HostPort member : options.members()) {
            text.append(text.length() == 0 ? "" : ",").append(member.toString());
        }
        return text.toString();
    }
}
