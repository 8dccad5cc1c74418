package sh.ratri.frameworks.springai;

import org.springframework.ai.tool.annotation.Tool;
import sh.ratri.annotations.RiskLevel;

/** Spring AI tools, one of them also carrying Ratri's own {@code @Tool}, which wins. */
public class TravelTools {

    @Tool(name = "weather.lookup", description = "The weather in a city")
    public String weather(String city) {
        return "Sunny in " + city;
    }

    @Tool(description = "Train times between two cities")
    public String trains(String from, String to) {
        return "Hourly from " + from + " to " + to;
    }

    @Tool(name = "booking.reserve", description = "Reserves a seat")
    @sh.ratri.annotations.Tool(name = "booking.reserve_seat", riskLevel = RiskLevel.HIGH)
    public String reserve(String train) {
        return "Seat 42 on " + train;
    }

    @Tool(description = "Cancels a booking")
    public String cancel(String booking) {
        throw new IllegalArgumentException("no booking " + booking);
    }
}
