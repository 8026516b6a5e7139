/**
 * A server as a node of a cluster of servers that users see as one chat, on Hazelcast embedded in each node
 * (issue 15; README, *Running a cluster*). Nothing here starts without {@code --cluster}.
 *
 * <ul>
 *   <li><b>The node</b>: {@link org.udpchat.server.cluster.ClusterOptions} (the command line's),
 *       {@link org.udpchat.server.cluster.ClusterNode} (the Hazelcast member, one server key per cluster),
 *       {@code HazelcastSettings} (its configuration: no phone-home, the member endpoint alone, 5 s failure
 *       detection), {@code ClusterInterface}, {@link org.udpchat.server.cluster.TinylogLogging},
 *       {@code ClusterSerialization} (no Java serialization between nodes but the JDK's and Hazelcast's).
 *   <li><b>What nodes share</b>, each a component used by the relay's side in {@code org.udpchat.server}:
 *       {@link org.udpchat.server.cluster.ClusterNames} (names unique across the cluster, look-alikes too;
 *       {@code NameForms}, {@code NameHolder}, {@code NameClaim}, {@code NameSettings}: split-brain protection),
 *       {@link org.udpchat.server.cluster.RoomSequencer} (one order per room: {@code RoomLog} numbers each room's
 *       events on its partition's owner and stamps them, {@code RoomStamp}, so that no node takes a number its
 *       sequencer did not give; {@code RoomOrder} puts them back in order on each node),
 *       {@link org.udpchat.server.cluster.ClusterDirectory} (who is where), {@link
 *       org.udpchat.server.cluster.ClusterSessions} (sessions any node may resume; {@code ClusterPositions} and
 *       {@code NodePositions}: each node's members' places in their rooms, one sealed value per node), {@code
 *       PartitionWatch} (when the partitions move and settle), {@link
 *       org.udpchat.server.cluster.NodeMail} (letters to one node), {@link org.udpchat.server.cluster.NodeQuestions}
 *       (one question to every node, sealed), {@link org.udpchat.server.cluster.NodeDeaths} (what a dead node left,
 *       cleared), {@link org.udpchat.server.cluster.ClusterModeration} (bans and mutes, each change timed and
 *       sealed, the latest winning on every node), {@link org.udpchat.server.cluster.ClusterSeal} (what is not
 *       public, sealed under a key every node derives from {@code server.key}).
 * </ul>
 *
 * <p>Hazelcast runs its own threads, and so do a few parts here; none touches the relay's state: what they hear
 * reaches the relay as commands posted to it, and the relay calls them only through methods that do not block.
 */
package org.udpchat.server.cluster;
