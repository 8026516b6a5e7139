package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HoldingsTest {

    private static AddressKey group(String literal) {
        return AddressKey.of(HandshakeRateTest.ip(literal));
    }

    private final Holdings<String> holdings = new Holdings<>();

    @Test
    void holdsNothingAtFirst() {
        assertNull(holdings.oldestOfHeaviest());
        assertNull(holdings.heaviest());
        assertEquals(0, holdings.holders());
    }

    @Test
    void theHeaviestGroupGivesItsOldestWhateverTheOthersHoldOlder() {
        holdings.add(group("192.0.2.1"), "newcomer");
        holdings.add(group("2001:db8:1::1"), "flood 1");
        holdings.add(group("2001:db8:1::2"), "flood 2"); // the same /64
        holdings.add(group("192.0.2.9"), "light 1");
        holdings.add(group("192.0.2.9"), "light 2");
        holdings.add(group("2001:db8:1::3"), "flood 3");

        assertEquals(group("2001:db8:1::"), holdings.heaviest());
        assertEquals("flood 1", holdings.oldestOfHeaviest());
        assertEquals(3, holdings.held(group("2001:db8:1::ffff")));
        assertEquals(3, holdings.holders());
    }

    @Test
    void amongGroupsHoldingAsManyTheOneThatCameToHoldThatManyFirstGives() {
        holdings.add(group("192.0.2.1"), "a1");
        holdings.add(group("192.0.2.2"), "b1");
        holdings.add(group("192.0.2.2"), "b2");
        holdings.add(group("192.0.2.1"), "a2");
        assertEquals("b1", holdings.oldestOfHeaviest(), "b came to hold two first");

        holdings.remove(group("192.0.2.2"), "b1");
        assertEquals("a1", holdings.oldestOfHeaviest());
        holdings.remove(group("192.0.2.1"), "a2"); // not the oldest: taken by a login
        assertEquals("b2", holdings.oldestOfHeaviest(), "both hold one, and b came down to one first");
    }

    @Test
    void removingWhatIsNotHeldChangesNothing() {
        holdings.add(group("192.0.2.1"), "a1");

        holdings.remove(group("192.0.2.1"), new String("a1")); // equal, but not the same one
        holdings.remove(group("192.0.2.2"), "a1");

        assertEquals(1, holdings.held(group("192.0.2.1")));
        holdings.remove(group("192.0.2.1"), "a1");
        assertEquals(0, holdings.holders());
        assertNull(holdings.heaviest());
    }

    /** Seeded random adds and removals against a plain model that finds the heaviest by looking at all. */
    @Test
    void agreesWithAModelThatLooksAtEveryGroup() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        Map<AddressKey, ArrayDeque<String>> model = new LinkedHashMap<>();
        List<AddressKey> groups = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            groups.add(group(i % 2 == 0 ? "192.0.2." + i : "2001:db8:" + i + "::1"));
        }
        long order = 0;
        Map<AddressKey, Long> since = new LinkedHashMap<>(); // when each group came to the count it has
        for (int step = 0; step < 20_000; step++) {
            AddressKey key = groups.get(random.nextInt(groups.size()));
            ArrayDeque<String> items = model.computeIfAbsent(key, unused -> new ArrayDeque<>());
            if (random.nextInt(3) > 0 || items.isEmpty()) {
                String item = "item " + step;
                holdings.add(key, item);
                items.addLast(item);
            } else {
                List<String> list = new ArrayList<>(items);
                String item = list.get(random.nextInt(list.size()));
                holdings.remove(key, item);
                items.remove(item);
            }
            since.put(key, order++); // came to its new count now
            AddressKey heaviest = null;
            for (Map.Entry<AddressKey, ArrayDeque<String>> entry : model.entrySet()) {
                int count = entry.getValue().size();
                if (count == 0) {
                    continue;
                }
                if (heaviest == null
                        || count > model.get(heaviest).size()
                        || (count == model.get(heaviest).size() && since.get(entry.getKey()) < since.get(heaviest))) {
                    heaviest = entry.getKey();
                }
            }
            String replay = "seed " + seed + ", step " + step;
            assertEquals(heaviest, holdings.heaviest(), replay);
            assertEquals(
                    heaviest == null ? null : model.get(heaviest).peekFirst(), holdings.oldestOfHeaviest(), replay);
            assertEquals(model.get(key).size(), holdings.held(key), replay);
        }
    }
}
