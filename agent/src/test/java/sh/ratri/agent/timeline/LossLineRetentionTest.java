package sh.ratri.agent.timeline;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once the exporter is done with a session in the line of sessions waiting for a loss report, the line
 * keeps no other session reachable through it: a state still held (a thread's spare state, a spare
 * frame's session) would otherwise keep the sessions that joined after it alive, and a state reused,
 * put in line again and then dropped would lengthen that chain at every round, without bound.
 */
class LossLineRetentionTest {

    private static final int ROUNDS = 2_000;

    @Test
    void aDrainedSessionKeepsNoLaterSessionReachable() throws InterruptedException {
        DroppedEvents dropped = new DroppedEvents();
        SessionState kept = new SessionState(1); // still held, as a thread's spare state is
        dropped.count(kept);
        WeakReference<SessionState> later = lostOnce(dropped, 2);
        dropped.drain((session, count) -> { });

        for (int i = 0; i < 50 && later.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }

        assertThat(later.get()).as("an ended session the exporter reported, held by nothing but the line's old link")
                .isNull();
        assertThat(kept.nextWithLoss).isNull();
    }

    private static WeakReference<SessionState> lostOnce(DroppedEvents dropped, long id) {
        SessionState session = new SessionState(id);
        dropped.count(session);
        return new WeakReference<>(session);
    }

    /**
     * Through the timeline: a thread that ran one lossy session and went idle keeps its state as its spare;
     * another thread runs two lossy sessions per exporter pass (the second finds its spare state not settled
     * yet and gets a new one, dropping the old at its end). Every pass adds one dropped state to the chain
     * hanging from the idle thread's spare state.
     */
    @Test
    void anIdleThreadsSpareStateDoesNotKeepTheLaterLossySessionsAlive() throws Exception {
        CallSites callSites = new CallSites();
        DroppedEvents dropped = new DroppedEvents();
        Timeline refusing = new Timeline(callSites, event -> false, dropped, new Ids(System.nanoTime()), false, 512);
        int run = callSites.register(new CallSite("Test.method", null, null, new RunSpec(Template.constant("r"),
                Template.constant("R"), -1, Template.constant("orchestrator"), false), null, null, false));

        SessionState[] idleState = new SessionState[1];
        CountDownLatch ran = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread idle = new Thread(() -> {
            Frame frame = (Frame) refusing.enter(run, null);
            idleState[0] = frame.session;
            refusing.exit(frame, null, null); // its state is this thread's spare from now on
            ran.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "idle");
        idle.start();
        ran.await();

        WeakReference<SessionState> firstDropped = null;
        for (int round = 0; round < ROUNDS; round++) {
            Frame first = (Frame) refusing.enter(run, null);
            SessionState firstState = first.session; // the frame is reused for the second session
            refusing.exit(first, null, null);
            Frame second = (Frame) refusing.enter(run, null); // the first's state is not settled yet: a new one
            refusing.exit(second, null, null); // now the spare: the first's state is no one's
            assertThat(second.session).isNotSameAs(firstState);
            if (round == 0) {
                firstDropped = new WeakReference<>(firstState);
            }
            firstState = null;
            dropped.drain((session, count) -> { }); // the exporter's pass
        }

        for (int i = 0; i < 50 && firstDropped.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        int chain = 0;
        for (SessionState s = idleState[0].nextWithLoss; s != null && chain <= 10 * ROUNDS; s = s.nextWithLoss) {
            chain++;
        }
        done.countDown();
        idle.join();

        assertThat(chain).as("session states kept reachable from the idle thread's spare state after %d passes",
                ROUNDS).isLessThan(10);
        assertThat(firstDropped.get()).as("a dropped session state, reported long ago").isNull();
    }
}
