package sh.ratri.examples;

import sh.ratri.examples.scenarios.Burst;
import sh.ratri.examples.scenarios.Defaults;
import sh.ratri.examples.scenarios.Edges;
import sh.ratri.examples.scenarios.EventLoop;
import sh.ratri.examples.scenarios.FailingTool;
import sh.ratri.examples.scenarios.Templates;
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
            }
            case "quiet" -> System.out.println("nothing traced");
            case "event-loop" -> EventLoop.main();
            case "burst" -> System.out.println("burst: " + new Burst().run(Integer.getInteger("burst.calls", 20_000)));
            default -> {
                System.err.println("unknown scenario " + scenario
                        + "; known: support-ops, failing-tool, defaults, templates, edges, quiet, event-loop, burst");
                System.exit(2);
            }
        }
    }
}
