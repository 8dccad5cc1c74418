package sh.ratri.agent.timeline;

import org.junit.jupiter.api.Test;
import sh.ratri.agent.bootstrap.Bridge;

import static org.assertj.core.api.Assertions.assertThat;

/** The arrays a thread lends its traced calls' entries: each to one call at a time, and emptied between calls. */
class ArgumentArraysTest {

    private final ArgumentArrays arrays = new ArgumentArrays();

    @Test
    void anArrayGivenBackHoldsNothingAndIsLentToTheNextCallOfItsArity() {
        Object[] first = arrays.lend("a", 1);
        assertThat(first).containsExactly("a", 1);

        arrays.giveBack(first);

        assertThat(first).containsExactly(null, null);
        assertThat(arrays.lend("b", 2)).isSameAs(first).containsExactly("b", 2);
    }

    @Test
    void eachArityUpToTheBridgesMostHasAnArrayOfExactlyThatLength() {
        Object[][] lent = {
            arrays.lend(1), arrays.lend(1, 2), arrays.lend(1, 2, 3), arrays.lend(1, 2, 3, 4), arrays.lend(1, 2, 3, 4, 5)};

        for (int i = 0; i < lent.length; i++) {
            assertThat(lent[i]).hasSize(i + 1).startsWith(1).endsWith(i + 1);
        }
        assertThat(lent.length).isEqualTo(Bridge.MOST_ARGUMENTS_WITHOUT_ARRAY);
    }

    @Test
    void aCallEnteredWhileAnotherStillReadsItsArgumentsGetsAnArrayOfItsOwn() {
        Object[] outer = arrays.lend("outer", 1);
        Object[] inner = arrays.lend("inner", 2);
        assertThat(inner).isNotSameAs(outer);

        Object[] innermost = arrays.lend("innermost", 3);
        arrays.giveBack(innermost);
        arrays.giveBack(inner);

        assertThat(outer).containsExactly("outer", 1);
        Object[] next = arrays.lend("next", 4);
        assertThat(next).isNotSameAs(outer);
        assertThat(outer).containsExactly("outer", 1);
        arrays.giveBack(next);
        arrays.giveBack(outer);
        assertThat(arrays.lend("after", 5)).isSameAs(outer);
    }
}
