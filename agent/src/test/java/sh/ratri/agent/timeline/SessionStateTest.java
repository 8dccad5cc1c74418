package sh.ratri.agent.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionStateTest {

    @Test
    void defaultIndexesCountUpInOrderOfEntry() {
        SessionState s = new SessionState(1);

        assertThat(s.index(-1)).isEqualTo(0);
        assertThat(s.index(-1)).isEqualTo(1);
        assertThat(s.index(-1)).isEqualTo(2);
    }

    @Test
    void declaredIndexIsKeptAndMovesTheCounterPastIt() {
        SessionState s = new SessionState(1);

        assertThat(s.index(5)).isEqualTo(5);
        assertThat(s.index(-1)).isEqualTo(6);
    }

    @Test
    void declaredIndexBelowTheCounterDoesNotMoveItBack() {
        SessionState s = new SessionState(1);
        s.index(-1);
        s.index(-1);
        s.index(-1);

        assertThat(s.index(0)).isEqualTo(0);
        assertThat(s.index(-1)).isEqualTo(3);
    }
}
