package org.udpchat.server.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;

/**
 * How what nodes tell each other is written on the wire between them. Each part of the cluster that ships its
 * own objects (entry processors, predicates, tasks) makes them {@code IdentifiedDataSerializable}, with a factory
 * of its own registered here under its own id; values kept in maps are Hazelcast's compact records, with a
 * serializer registered here, or plain {@code byte[]}, {@code String} or {@code long}. Java
 * serialization is refused for every class but the JDK's and Hazelcast's: a node must never turn bytes from
 * its cluster port into arbitrary objects.
 */
final class ClusterSerialization {

    private ClusterSerialization() {}

    static void configure(Config config) {
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
        filter.setDefaultsDisabled(false); // Hazelcast's own list of known gadget classes stays refused
        filter.getWhitelist().addPrefixes("java.", "com.hazelcast.");
        config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
        // The factories of the cluster's parts, one line each:
        config.getSerializationConfig().addDataSerializableFactory(NodeMail.FACTORY_ID, new NodeMail.Factory());
        config.getSerializationConfig()
                .addDataSerializableFactory(ClusterDirectory.FACTORY_ID, new ClusterDirectory.Factory());
        config.getSerializationConfig()
                .addDataSerializableFactory(NodeQuestions.FACTORY_ID, new NodeQuestions.Factory());
        config.getSerializationConfig()
                .getCompactSerializationConfig()
                .addSerializer(new ClusterDirectory.ListingSerializer());
        config.getSerializationConfig()
                .addDataSerializableFactory(RoomSerialization.FACTORY_ID, new RoomSerialization());
        config.getSerializationConfig()
                .addDataSerializableFactory(NameSerialization.FACTORY_ID, new NameSerialization());
    }
}
