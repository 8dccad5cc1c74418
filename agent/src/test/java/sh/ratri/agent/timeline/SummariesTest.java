package sh.ratri.agent.timeline;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;

class SummariesTest {

    private static final int WHOLE = 100_000;

    /** What a summary must read like: the JDK's text, cut at {@code maxChars}. */
    private static String expected(String whole, int maxChars) {
        return whole.length() <= maxChars ? whole : whole.substring(0, maxChars) + "…";
    }

    @Test
    void shortValuesReadExactlyAsTheJdkSpellsThem() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("ids", List.of(1, 2));
        nested.put("none", null);
        nested.put("maybe", Optional.of(new StringBuilder("sb")));
        List<Object> values = List.of("text", 42, List.of(), new ArrayList<>(List.of("a", "b")),
                new TreeMap<>(Map.of("k", "v", "j", List.of("x"))), nested, Optional.empty(), Optional.of(List.of(1)),
                new ArrayDeque<>(List.of(3, 4)), new CopyOnWriteArrayList<>(List.of(5)),
                new ConcurrentHashMap<>(Map.of("c", 1)), new Hashtable<>(Map.of("h", 2)),
                new LinkedBlockingQueue<>(List.of(6)), Collections.nCopies(3, "row"), Set.of("only"));
        for (Object value : values) {
            assertThat(Summaries.summary(value, WHOLE)).isEqualTo(String.valueOf(value));
        }
        assertThat(Summaries.summary(null, WHOLE)).isEqualTo("null");
    }

    @Test
    void arraysReadAsArraysToStringAndNestedObjectArraysAsDeepToString() {
        assertThat(Summaries.summary(new byte[] {1, -2}, WHOLE)).isEqualTo(Arrays.toString(new byte[] {1, -2}));
        assertThat(Summaries.summary(new char[] {'a', 'b'}, WHOLE)).isEqualTo("[a, b]");
        assertThat(Summaries.summary(new double[] {1.5, 2}, WHOLE)).isEqualTo("[1.5, 2.0]");
        assertThat(Summaries.summary(new boolean[] {true}, WHOLE)).isEqualTo("[true]");
        Object[] nested = {"a", new int[] {1, 2}, new Object[] {null, List.of(3)}};
        assertThat(Summaries.summary(nested, WHOLE)).isEqualTo(Arrays.deepToString(nested));
        Object[] selfish = new Object[2];
        selfish[0] = "me";
        selfish[1] = selfish;
        assertThat(Summaries.summary(selfish, WHOLE)).isEqualTo(Arrays.deepToString(selfish));
    }

    @Test
    void anArrayInsideACollectionReadsAsStringValueOfDoes() {
        int[] numbers = {1, 2};
        List<Object> list = List.of(numbers);
        assertThat(Summaries.summary(list, WHOLE)).isEqualTo(list.toString());
    }

    @Test
    void collectionsAndMapsThatContainThemselvesReadAsTheJdkSpellsThem() {
        List<Object> list = new ArrayList<>();
        list.add(list);
        Map<Object, Object> map = new HashMap<>();
        map.put("self", map);
        assertThat(Summaries.summary(list, WHOLE)).isEqualTo("[(this Collection)]");
        assertThat(Summaries.summary(map, WHOLE)).isEqualTo("{self=(this Map)}");
    }

    @Test
    void longValuesAreCutAtMaxCharsWithTheSameText() {
        List<Object> values = List.of("x".repeat(1_000), new byte[1_000], Collections.nCopies(1_000, "row"),
                new ArrayList<>(Collections.nCopies(500, List.of(1, 2, 3))), Optional.of("y".repeat(600)),
                new StringBuilder("z".repeat(700)), new TreeMap<>(Map.of("a", "b".repeat(900))));
        for (Object value : values) {
            String whole = value instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(value);
            assertThat(Summaries.summary(value, 512)).isEqualTo(expected(whole, 512));
            assertThat(Summaries.summary(value, 7)).isEqualTo(expected(whole, 7));
        }
    }

    @Test
    void hugeValuesAreSummarisedWithoutSpellingTheirWholeText() {
        // 1 billion elements: their whole text would be 5 GB, more than any test heap
        List<String> billion = Collections.nCopies(1_000_000_000, "row");
        assertThat(Summaries.summary(billion, 20)).isEqualTo("[row, row, row, row,…");
        assertThat(Summaries.summary(Optional.of(billion), 12)).isEqualTo("Optional[[ro…");
        assertThat(Summaries.summary(Map.of("rows", billion), 12)).isEqualTo("{rows=[row, …");
        assertThat(Summaries.summary(new long[1_000_000], 9)).isEqualTo("[0, 0, 0,…");
    }

    @Test
    void aCollectionWithItsOwnToStringKeepsIt() {
        List<String> custom = new ArrayList<>(List.of("a")) {
            @Override
            public String toString() {
                return "custom list";
            }
        };
        assertThat(Summaries.summary(custom, WHOLE)).isEqualTo("custom list");
        assertThat(Summaries.summary(List.of(custom), WHOLE)).isEqualTo("[custom list]");
    }

    @Test
    void aToStringThatThrowsIsContained() {
        Object broken = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no");
            }
        };
        assertThat(Summaries.summary(broken, WHOLE)).startsWith("<toString() of ")
                .endsWith(" failed: IllegalStateException>");
        assertThat(Summaries.summary(List.of(broken), WHOLE))
                .startsWith("<toString() of java.util.ImmutableCollections");
    }

    @Test
    void failureTakesTheMessageOnceCutAndANullOrThrowingMessageAsNone() {
        assertThat(Failure.of(new IllegalStateException("m".repeat(600)), 10))
                .isEqualTo(new Failure("java.lang.IllegalStateException", "mmmmmmmmmm…"));
        assertThat(Failure.of(new NullPointerException(), 10))
                .isEqualTo(new Failure("java.lang.NullPointerException", null));
        RuntimeException odd = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new UnsupportedOperationException();
            }
        };
        assertThat(Failure.of(odd, 10).message()).isNull();
    }
}
