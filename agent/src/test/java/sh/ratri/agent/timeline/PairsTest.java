package sh.ratri.agent.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairsTest {

    /** What a reader sees, place by place, skipping repeated keys: the entries it writes. */
    private static Map<String, String> read(Pairs pairs) {
        Map<String, String> read = new LinkedHashMap<>();
        for (int place = 0; place < pairs.places(); place++) {
            if (!pairs.repeatsAnEarlierKey(place)) {
                assertThat(read).doesNotContainKey(pairs.key(place));
                read.put(pairs.key(place), pairs.value(place));
            }
        }
        return read;
    }

    @Test
    void pairsAfterTheNamedMembersReadInTheirOrder() {
        Pairs pairs = Pairs.of(new String[] {"pipeline", "input", "ticket", "T-1", "priority", "urgent"}, 2, Pairs.NONE);

        assertThat(pairs.places()).isEqualTo(2);
        assertThat(read(pairs)).containsExactly(Map.entry("ticket", "T-1"), Map.entry("priority", "urgent"));
    }

    @Test
    void aKeyGivenTwiceIsOneEntryAtItsFirstPlaceWithItsLastValueAsTheMapItReplacesHeldIt() {
        String[] values = {"reason", "a", "1", "b", "2", "a", "3", null, "4", null, "5"};
        Pairs pairs = Pairs.of(values, 1, Pairs.NONE);

        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 1; i + 1 < values.length; i += 2) {
            map.put(values[i], values[i + 1]);
        }
        assertThat(read(pairs)).containsExactlyEntriesOf(map);
        assertThat(DescribedValues.map(pairs)).containsExactlyEntriesOf(map);
        List<String> keys = new ArrayList<>(read(pairs).keySet());
        assertThat(keys).containsExactly("a", "b", null);
    }

    @Test
    void valuesWithoutPairsHaveNone() {
        assertThat(Pairs.of(new String[] {"implicit", ""}, 2, Pairs.NONE)).isSameAs(Pairs.NONE);
        assertThat(Pairs.NONE.places()).isZero();
        assertThat(DescribedValues.map(Pairs.NONE)).isEmpty();
    }

    @Test
    void theSameValuesReadAgainAreTheSamePairsSoASpecWithoutPlaceholdersMakesNoneAfterItsFirstCall() {
        String[] constants = {"Delegate", "ticket", "T-1"};
        Pairs first = Pairs.of(constants, 1, Pairs.NONE);

        assertThat(Pairs.of(constants, 1, first)).isSameAs(first);
        assertThat(Pairs.of(constants.clone(), 1, first)).isNotSameAs(first).satisfies(
                other -> assertThat(DescribedValues.map(other)).isEqualTo(DescribedValues.map(first)));
    }
}
