package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The trim sets the heap's free ratios the user left alone, lower bound first, then collects. */
class MemoryTrimTest {

    /** A JVM that records what the trim asks of it. */
    private static final class RecordingVm implements MemoryTrim.Vm {
        final List<String> calls = new ArrayList<>();
        final Set<String> setByUser;
        final Set<String> refused;

        RecordingVm(Set<String> setByUser, Set<String> refused) {
            this.setByUser = setByUser;
            this.refused = refused;
        }

        @Override
        public boolean isDefault(String option) {
            return !setByUser.contains(option);
        }

        @Override
        public void set(String option, String value) {
            if (refused.contains(option)) {
                throw new IllegalArgumentException(option + " is not writeable");
            }
            calls.add(option + "=" + value);
        }

        @Override
        public void collect() {
            calls.add("collect");
        }
    }

    @Test
    void setsTheLowerBoundBeforeTheUpperThenCollects() {
        RecordingVm vm = new RecordingVm(Set.of(), Set.of());

        new MemoryTrim(vm).trim();

        assertEquals(List.of("MinHeapFreeRatio=5", "MaxHeapFreeRatio=10", "collect"), vm.calls);
    }

    @Test
    void keepsWhatTheUserSet() {
        RecordingVm vm = new RecordingVm(Set.of("MaxHeapFreeRatio"), Set.of());

        new MemoryTrim(vm).trim();

        assertEquals(List.of("MinHeapFreeRatio=5", "collect"), vm.calls);
    }

    @Test
    void stillCollectsWhenTheJvmRefusesAnOption() {
        RecordingVm vm = new RecordingVm(Set.of(), Set.of("MinHeapFreeRatio"));

        new MemoryTrim(vm).trim();

        assertEquals(List.of("MaxHeapFreeRatio=10", "collect"), vm.calls);
    }

    @Test
    void thisJvmTakesTheRatiosInTheirOrder() {
        MemoryTrim.HotSpot hotSpot = (MemoryTrim.HotSpot)
                MemoryTrim.HotSpot.running().orElseThrow(() -> new AssertionError("not a HotSpot JVM"));
        var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        String min = bean.getVMOption("MinHeapFreeRatio").getValue();
        String max = bean.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            MemoryTrim.HEAP_FREE_RATIOS.forEach((option, value) -> {
                assertTrue(hotSpot.isManageable(option), option + " cannot be set at run time in this JVM");
                hotSpot.set(option, value); // throws if the order broke MaxHeapFreeRatio >= MinHeapFreeRatio
            });
            assertEquals("5", bean.getVMOption("MinHeapFreeRatio").getValue());
            assertEquals("10", bean.getVMOption("MaxHeapFreeRatio").getValue());
        } finally {
            // the test JVM's own sizing back as it was: the upper bound first, as it rises
            bean.setVMOption("MaxHeapFreeRatio", max);
            bean.setVMOption("MinHeapFreeRatio", min);
        }
    }
}
