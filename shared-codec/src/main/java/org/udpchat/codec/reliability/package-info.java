/**
 * The native protocol's reliable, ordered, exactly-once delivery, as state machines that both sides use:
 * pure state, driven by the caller's clock readings and calls, with no threads, no timers and no I/O of
 * their own. The owner of a session (the server's relay thread, the client's session) calls them from its
 * one thread and sends what they say to send.
 *
 * <p><b>Sending.</b> {@link org.udpchat.codec.reliability.SendWindow} keeps the messages sent and not yet
 * acknowledged, numbered from 1, each with when it is due again; an acknowledgement is cumulative.
 * {@link org.udpchat.codec.reliability.RetransmitTimer} says how long to wait before sending again: RFC
 * 6298's estimate of the round trip, with a lower floor and a capped backoff for a chat.
 *
 * <p><b>Receiving.</b> {@link org.udpchat.codec.reliability.ReorderBuffer} hands messages on in order, each
 * once, holding those that arrive ahead of a gap and dropping duplicates;
 * {@link org.udpchat.codec.reliability.AckSchedule} says when the receiver owes an acknowledgement, so that
 * the sender learns soon enough without one datagram back for every message.
 */
package org.udpchat.codec.reliability;
