package sh.ratri.examples.supportops;

import sh.ratri.annotations.Action;
import sh.ratri.annotations.Resource;
import sh.ratri.annotations.RiskLevel;
import sh.ratri.annotations.Tool;

/** The tools the worker may call. */
public class SupportTools {

    @Tool(name = "support.compose_reply", riskLevel = RiskLevel.LOW,
            action = @Action(type = "write", name = "support.compose_reply"),
            resource = @Resource(type = "work_item", externalId = "{ticketId}"))
    public String composeReply(String ticketId, String customer, String tone) {
        return "Draft for " + ticketId + ": Hello " + customer + ", " + tone;
    }
}
