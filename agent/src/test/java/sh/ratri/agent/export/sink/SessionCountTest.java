package sh.ratri.agent.export.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionCountTest {

    @Test
    void countsEachDistinctIdOnceWhateverTheOrder() {
        SessionCount sessions = new SessionCount();
        Set<Long> expected = new HashSet<>();
        for (long i = 1; i <= 10_000; i++) {
            for (long id : new long[] {i, i * 7919 % 10_007 + 1, i}) { // two orders, and repeats
                sessions.add(id);
                expected.add(id);
            }
        }

        assertThat(sessions.count()).isEqualTo(expected.size());
        assertThat(sessions.isLowerBound()).isFalse();
    }

    @Test
    void idZeroIsASessionLikeAnyOther() {
        SessionCount sessions = new SessionCount();
        sessions.add(0);
        sessions.add(0);
        sessions.add(5);

        assertThat(sessions.count()).isEqualTo(2);
    }

    @Test
    void countIsExactUpToAndIncludingItsLimit() {
        SessionCount sessions = new SessionCount();
        for (long id = 1; id <= SessionCount.EXACT_UP_TO; id++) {
            sessions.add(id);
        }
        sessions.add(1); // a session it already holds, at the limit

        assertThat(sessions.count()).isEqualTo(SessionCount.EXACT_UP_TO);
        assertThat(sessions.isLowerBound()).isFalse();

        sessions.add(SessionCount.EXACT_UP_TO + 1L);

        assertThat(sessions.isLowerBound()).isTrue();
    }

    @Test
    void pastItsExactRangeItStopsGrowingAndSaysTheCountIsALowerBound() {
        SessionCount sessions = new SessionCount();
        for (long id = 1; id <= SessionCount.EXACT_UP_TO + 1_000L; id++) {
            sessions.add(id);
        }

        assertThat(sessions.isLowerBound()).isTrue();
        assertThat(sessions.count()).isEqualTo(SessionCount.EXACT_UP_TO);
    }
}
