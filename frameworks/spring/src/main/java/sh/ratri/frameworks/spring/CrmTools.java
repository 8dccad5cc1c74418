package sh.ratri.frameworks.spring;

import org.springframework.stereotype.Component;
import sh.ratri.annotations.Action;
import sh.ratri.annotations.Resource;
import sh.ratri.annotations.Tool;

@Component
public class CrmTools {

    @Tool(name = "crm.lookup", action = @Action(type = "read"),
          resource = @Resource(type = "ticket", externalId = "{ticketId}"))
    public String lookup(String ticketId) {
        return "customer of " + ticketId;
    }
}
