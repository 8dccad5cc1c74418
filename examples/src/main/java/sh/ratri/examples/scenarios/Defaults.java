package sh.ratri.examples.scenarios;

import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;
import sh.ratri.annotations.WorkflowStep;

/** Every annotation with no members set: the defaults of DESIGN §2 fill in. */
public class Defaults {

    @Session
    public int planTrip() {
        return travelPlanner();
    }

    @Run
    public int travelPlanner() {
        checkWeatherForecast();
        return bookingWorker();
    }

    @WorkflowStep
    public void checkWeatherForecast() {
    }

    @ChildRun
    public int bookingWorker() {
        return lookupFlights();
    }

    @Tool
    public int lookupFlights() {
        return 3;
    }
}
