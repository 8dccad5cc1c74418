package sh.ratri.frameworks.reactor;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import sh.ratri.ToolBlockedException;
import sh.ratri.annotations.Resource;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Reactor application: tools and runs that return Mono and Flux, subscribed, failed, cancelled
 * and resubscribed, with nested tools run across Reactor's schedulers. Each scenario prints what
 * the application saw, so tests can check the agent changed nothing.
 *
 * <pre>{@code java -javaagent:ratri-agent.jar -cp … sh.ratri.frameworks.reactor.ReactorApp delayed}</pre>
 */
public final class ReactorApp {

    /** How many times {@link #lookup}'s body ran, so a blocked call is seen not to have run it. */
    private final AtomicInteger lookupBodies = new AtomicInteger();

    public static void main(String[] args) {
        ReactorApp app = new ReactorApp();
        for (String scenario : args) {
            System.out.println(scenario + ": " + app.run(scenario));
        }
        Schedulers.shutdownNow();
    }

    Object run(String scenario) {
        return switch (scenario) {
            case "delayed" -> lookup("acme").block();
            case "error" -> lookupFailing("acme").onErrorReturn("fallback").block();
            case "cancel" -> lookup("slow").timeout(Duration.ofMillis(50), Mono.just("timed out")).block();
            case "flux" -> listTickets(4).collectList().block();
            case "take" -> listTickets(10).take(3).collectList().block();
            case "twice" -> subscribeTwice();
            case "pipeline" -> pipeline("T-1");
            case "never" -> neverSubscribed();
            case "blocked" -> blocked();
            default -> throw new IllegalArgumentException(scenario);
        };
    }

    @Tool(name = "crm.lookup", resource = @Resource(type = "customer", externalId = "{customer}"))
    public Mono<String> lookup(String customer) {
        lookupBodies.incrementAndGet();
        return Mono.delay(Duration.ofMillis(200)).map(tick -> "customer " + customer);
    }

    @Tool(name = "crm.lookup_failing", resource = @Resource(type = "customer", externalId = "{customer}"))
    public Mono<String> lookupFailing(String customer) {
        return Mono.delay(Duration.ofMillis(100))
                .flatMap(tick -> Mono.error(new IllegalStateException("crm down for " + customer)));
    }

    @Tool(name = "tickets.list", resource = @Resource(type = "batch", externalId = "{count}"))
    public Flux<String> listTickets(int count) {
        return Flux.range(1, count).map(i -> "T-" + i);
    }

    private List<String> subscribeTwice() {
        Mono<String> mono = lookup("twice");
        return List.of(mono.block(), mono.block());
    }

    private String neverSubscribed() {
        lookup("never");
        return "not subscribed";
    }

    /** Under a policy that does not declare {@code crm.lookup}: the call throws, no publisher is made. */
    private String blocked() {
        try {
            return lookup("blocked").block();
        } catch (ToolBlockedException e) {
            return "blocked " + e.rule() + ", bodies run: " + lookupBodies.get();
        }
    }

    @Session(kind = "reactive", inputSummary = "Handle {ticketId}")
    public List<String> pipeline(String ticketId) {
        return orchestrate(ticketId).collectList().block();
    }

    /** Each nested tool on another scheduler: each must keep this run as its parent. */
    @Run(stepKey = "orchestrator")
    public Flux<String> orchestrate(String ticketId) {
        Flux<String> elastic = Flux.just("billing", "account")
                .flatMap(topic -> Mono.fromCallable(() -> classify(topic)).subscribeOn(Schedulers.boundedElastic()));
        Flux<String> published = Mono.just("product").publishOn(Schedulers.single()).map(this::classify).flux();
        Flux<String> parallel = Flux.just("refund", "shipping").parallel(2).runOn(Schedulers.parallel())
                .map(this::classify).sequential();
        Flux<String> nestedMono = Flux.just("notes").flatMap(topic -> summarise(topic));
        return Flux.concat(elastic.sort(), published, parallel.sort(), nestedMono);
    }

    @Tool(name = "triage.classify", resource = @Resource(type = "topic", externalId = "{topic}"))
    public String classify(String topic) {
        return topic + ":" + Thread.currentThread().getName().replaceAll("-\\d+$", "");
    }

    @Tool(name = "notes.summarise", resource = @Resource(type = "topic", externalId = "{topic}"))
    public Mono<String> summarise(String topic) {
        return Mono.delay(Duration.ofMillis(20), Schedulers.parallel()).map(tick -> classify(topic));
    }
}
