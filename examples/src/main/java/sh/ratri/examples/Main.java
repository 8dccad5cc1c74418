package sh.ratri.examples;

import sh.ratri.examples.scenarios.Burst;
import sh.ratri.examples.scenarios.Defaults;
import sh.ratri.examples.scenarios.Edges;
import sh.ratri.examples.scenarios.EventLoop;
import sh.ratri.examples.scenarios.FailingTool;
import sh.ratri.examples.governance.GovernedCalls;
import sh.ratri.examples.governance.ReleaseGate;
import sh.ratri.ToolBlockedException;
import sh.ratri.examples.loaders.LateAttach;
import sh.ratri.examples.loaders.LoaderScenarios;
import sh.ratri.examples.loaders.OwnLibraries;
import sh.ratri.examples.parallel.ParallelWorkers;
import sh.ratri.examples.rules.PlainOps;
import sh.ratri.examples.scenarios.Async;
import sh.ratri.examples.scenarios.Handoffs;
import sh.ratri.examples.scenarios.Proxies;
import sh.ratri.examples.scenarios.Shapes;
import sh.ratri.examples.scenarios.Templates;
import sh.ratri.examples.scenarios.Threads;
import sh.ratri.examples.scenarios.TracedToString;
import sh.ratri.examples.scenarios.UnnamedThreads;
import sh.ratri.examples.supportops.ExplicitSupportOps;
import sh.ratri.examples.supportops.SupportOpsPipeline;

/**
 * Runs one scenario: {@code java -javaagent:ratri-agent.jar -jar ratri-examples.jar support-ops}.
 * Each prints what the application itself returns, so tests can check the agent changed nothing.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        String scenario = args.length == 0 ? "support-ops" : args[0];
        switch (scenario) {
            case "support-ops" -> System.out.println(new SupportOpsPipeline().handle(SupportOpsPipeline.escalation()));
            case "failing-tool" -> {
                try {
                    new FailingTool().refund("ORD-9");
                } catch (IllegalStateException e) {
                    System.out.println("caught " + e.getClass().getName() + ": " + e.getMessage());
                }
            }
            case "defaults" -> System.out.println("flights: " + new Defaults().planTrip());
            case "templates" -> {
                Templates t = new Templates();
                t.ship(new Templates.Customer("Ada", "gold"), new Templates.Order("ORD-7", 3));
                System.out.println("shipped");
            }
            case "edges" -> {
                Edges e = new Edges();
                System.out.println(e.lonelyTool("ratri"));
                System.out.println(e.outer());
                System.out.println(e.boss());
                System.out.println(e.grumpy().getClass().getSimpleName() + " " + e.endless().getClass().getSimpleName());
            }
            case "support-ops-explicit" -> {
                ExplicitSupportOps explicit = new ExplicitSupportOps();
                System.out.println(explicit.handle(SupportOpsPipeline.escalation()));
                System.out.println(explicit.describeContext());
            }
            case "parallel-workers" -> {
                try {
                    new ParallelWorkers().handle("SUP-456").forEach(System.out::println);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            case "threads" -> {
                try {
                    new Threads().runAll(Runtime.version().feature());
                    System.out.println("threads done");
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            }
            case "async" -> {
                try {
                    System.out.println(new Async().run());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            case "shapes" -> System.out.println(new Shapes().all());
            case "traced-to-string" -> System.out.println(new TracedToString().file("N-1", "Call back"));
            case "proxies" -> unchecked(() -> new Proxies().all().forEach(System.out::println));
            case "proxies-byte-buddy" -> unchecked(() -> new Proxies().byteBuddy().forEach(System.out::println));
            case "handoffs" -> unchecked(() -> new Handoffs().all().forEach(System.out::println));
            case "unnamed-threads" -> unchecked(() -> {
                try {
                    System.out.println(new UnnamedThreads().run(Runtime.version().feature() >= 21));
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            });
            case "child-first" -> unchecked(LoaderScenarios::childFirst);
            case "nested-jar" -> unchecked(() -> LoaderScenarios.nestedJar(true));
            case "nested-jar-define-only" -> unchecked(() -> LoaderScenarios.nestedJar(false));
            case "own-libraries" -> {
                unchecked(OwnLibraries::run);
                System.out.println(new SupportOpsPipeline().handle(SupportOpsPipeline.escalation()));
            }
            case "late-attach" -> unchecked(LateAttach::run);
            case "weave-rules" -> System.out.println(new PlainOps().handle("SUP-9"));
            case "weave-rules-attach" -> unchecked(PlainOps::beforeAndAfterAttach);
            case "quiet" -> System.out.println("nothing traced");
            case "release-gate" -> {
                try {
                    System.out.println(new ReleaseGate().release("1.4.2"));
                } catch (ToolBlockedException blocked) {
                    System.out.println("release blocked: " + blocked.getMessage());
                }
            }
            case "governed-calls" -> new GovernedCalls().all().forEach(System.out::println);
            case "event-loop" -> EventLoop.main();
            case "burst" -> System.out.println("burst: " + new Burst().run(Integer.getInteger("burst.calls", 20_000)));
            default -> {
                System.err.println("unknown scenario " + scenario
                        + "; known: support-ops, support-ops-explicit, parallel-workers, failing-tool, defaults, templates, "
                        + "edges, threads, async, shapes, traced-to-string, proxies, proxies-byte-buddy, handoffs, unnamed-threads, child-first, nested-jar, nested-jar-define-only, "
                        + "own-libraries, late-attach, weave-rules, weave-rules-attach, event-loop, burst, release-gate, governed-calls, quiet");
                System.exit(2);
            }
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void unchecked(Body body) {
        try {
            body.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
