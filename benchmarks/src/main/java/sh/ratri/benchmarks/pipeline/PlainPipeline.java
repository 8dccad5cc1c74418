package sh.ratri.benchmarks.pipeline;

/** {@link TracedPipeline} without its annotations: the baseline of {@link PipelineBenchmark}. */
public class PlainPipeline {

    private final Orchestrator orchestrator = new Orchestrator(new Worker(new Tools()));

    public String handle(Ticket ticket) {
        return orchestrator.orchestrate(ticket);
    }

    public static class Orchestrator {
        private final Worker worker;

        Orchestrator(Worker worker) {
            this.worker = worker;
        }

        public String orchestrate(Ticket ticket) {
            String priority = triageTicket(ticket);
            return delegate(ticket, priority);
        }

        public String triageTicket(Ticket ticket) {
            return ticket.subject().contains("outage") ? "urgent" : "normal";
        }

        public String delegate(Ticket ticket, String priority) {
            return worker.draftResponse(ticket, priority);
        }
    }

    public static class Worker {
        private final Tools tools;

        Worker(Tools tools) {
            this.tools = tools;
        }

        public String draftResponse(Ticket ticket, String priority) {
            String tone = "urgent".equals(priority) ? "We are on it right now." : "We will look into it.";
            return tools.composeReply(ticket.ticketId(), ticket.customer(), tone);
        }
    }

    public static class Tools {
        public String composeReply(String ticketId, String customer, String tone) {
            return "Draft for " + ticketId + ": Hello " + customer + ", " + tone;
        }
    }
}
