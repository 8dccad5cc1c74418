package sh.ratri.examples.scenarios;

import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

/** A tool that throws: the exception must reach the caller unchanged and every level end failed. */
public class FailingTool {

    @Session(kind = "refund")
    public String refund(String orderId) {
        return agent(orderId);
    }

    @Run(stepKey = "refund-agent")
    public String agent(String orderId) {
        return issueRefund(orderId, 40);
    }

    @Tool(name = "payments.refund")
    public String issueRefund(String orderId, int amount) {
        throw new IllegalStateException("payment gateway unavailable for " + orderId);
    }
}
