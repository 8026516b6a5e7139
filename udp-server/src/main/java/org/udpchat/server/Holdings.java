package org.udpchat.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each address group ({@link AddressKey}) holds of a bounded table, oldest first, and which group holds
 * the most: so that a full table can make room by taking from the heaviest holder rather than refusing a
 * newcomer. Finding the heaviest costs the same with one holder or thousands: holders are kept in one list
 * per count, and a count changes by one at a time, so the highest count in use moves by at most one. Among
 * holders of the same count, the one that came to hold that many first is the heaviest. Owned by the relay
 * thread.
 *
 * @param <T> what is held; told apart by identity
 */
final class Holdings<T> {

    /** One address group's holding: its items oldest first, and its place among those holding as many. */
    private static final class Holder<T> {
        private final AddressKey key;
        private final ArrayDeque<T> items = new ArrayDeque<>();
        private Holder<T> previous;
        private Holder<T> next;

        Holder(AddressKey key) {
            this.key = key;
        }
    }

    private final Map<AddressKey, Holder<T>> holders = new HashMap<>();

    /** The first and last holder of each count, in the order they came to it; index 0 unused. */
    private final List<Holder<T>> firsts = new ArrayList<>();

    private final List<Holder<T>> lasts = new ArrayList<>();

    /** The highest count any holder has; 0 when nothing is held. */
    private int most;

    /** {@code item} is now held by {@code key}'s group, as its newest. */
    void add(AddressKey key, T item) {
        Holder<T> holder = holders.computeIfAbsent(key, Holder::new);
        int count = holder.items.size();
        if (count > 0) {
            unlink(holder, count);
        }
        holder.items.addLast(item);
        link(holder, count + 1);
        most = Math.max(most, count + 1);
    }

    /** {@code item} is no longer held by {@code key}'s group; nothing if it was not. */
    void remove(AddressKey key, T item) {
        Holder<T> holder = holders.get(key);
        if (holder == null) {
            return;
        }
        int count = holder.items.size();
        // the oldest first, as expiry and eviction take them; else a search through one group's few
        boolean removed =
                holder.items.peekFirst() == item ? holder.items.pollFirst() != null : removeSame(holder, item);
        if (!removed) {
            return;
        }
        unlink(holder, count);
        if (count == 1) {
            holders.remove(key);
        } else {
            link(holder, count - 1);
        }
        if (count == most && firsts.get(count) == null) {
            most--; // the holder that had most has one fewer: count - 1 is in use now, or nothing is
        }
    }

    /** The oldest item of the group holding the most, or null if nothing is held. */
    T oldestOfHeaviest() {
        return most == 0 ? null : firsts.get(most).items.peekFirst();
    }

    /** The group holding the most, or null if nothing is held. */
    AddressKey heaviest() {
        return most == 0 ? null : firsts.get(most).key;
    }

    /** How many items {@code key}'s group holds. */
    int held(AddressKey key) {
        Holder<T> holder = holders.get(key);
        return holder == null ? 0 : holder.items.size();
    }

    /** How many groups hold anything. */
    int holders() {
        return holders.size();
    }

    private boolean removeSame(Holder<T> holder, T item) {
        var iterator = holder.items.iterator();
        while (iterator.hasNext()) {
            if (iterator.next() == item) {
                iterator.remove();
                return true;
            }
        }
        return false;
    }

    private void link(Holder<T> holder, int count) {
        while (firsts.size() <= count) {
            firsts.add(null);
            lasts.add(null);
        }
        Holder<T> last = lasts.get(count);
        holder.previous = last;
        holder.next = null;
        if (last == null) {
            firsts.set(count, holder);
        } else {
            last.next = holder;
        }
        lasts.set(count, holder);
    }

    private void unlink(Holder<T> holder, int count) {
        if (holder.previous == null) {
            firsts.set(count, holder.next);
        } else {
            holder.previous.next = holder.next;
        }
        if (holder.next == null) {
            lasts.set(count, holder.previous);
        } else {
            holder.next.previous = holder.previous;
        }
        holder.previous = null;
        holder.next = null;
    }
}
