package sh.ratri.examples.scenarios;

import sh.ratri.annotations.Action;
import sh.ratri.annotations.Handoff;
import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Resource;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

/** Templates in annotation members: named, positional, properties, and one that cannot resolve. */
public class Templates {

    /** A bean with a getter and a public field. */
    public static class Customer {
        public final String tier;
        private final String name;

        public Customer(String name, String tier) {
            this.name = name;
            this.tier = tier;
        }

        public String getName() {
            return name;
        }
    }

    public record Order(String id, int quantity) {
    }

    @Session(kind = "orders", inputSummary = "Ship {order.id} to {customer.name}",
            metadata = {"tier={customer.tier}", "quantity={1.quantity}"})
    public void ship(Customer customer, Order order) {
        dispatcher(order.id());
    }

    @Run(stepKey = "dispatch-{0}", stepName = "Dispatch {orderId}")
    public void dispatcher(String orderId) {
        handOver(orderId, 2);
    }

    @Handoff(reason = "Carrier for {orderId}", payloadSummary = {"orderId={orderId}", "boxes={boxes}",
            "unknown={nope}"})
    public void handOver(String orderId, int boxes) {
        carrier(orderId);
    }

    @ChildRun(stepKey = "carrier")
    public void carrier(String orderId) {
        label(orderId, null);
    }

    @Tool(name = "shipping.label", action = @Action(type = "create"),
            resource = @Resource(type = "order", externalId = "{orderId}"))
    public String label(String orderId, String note) {
        return "label for " + orderId + " note " + note;
    }
}
