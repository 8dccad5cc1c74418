package sh.ratri.frameworks.spring;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicInteger;

/** An aspect on every Ratri-annotated method, as an application's own timing or audit aspect would be. */
@Aspect
@Component
public class CallCounter {

    private final AtomicInteger calls = new AtomicInteger();

    @Around("@annotation(sh.ratri.annotations.Session) || @annotation(sh.ratri.annotations.WorkflowStep)"
            + " || @annotation(sh.ratri.annotations.Handoff) || @annotation(sh.ratri.annotations.ChildRun)"
            + " || @annotation(sh.ratri.annotations.Tool)")
    public Object count(ProceedingJoinPoint call) throws Throwable {
        calls.incrementAndGet();
        return call.proceed();
    }

    public int calls() {
        return calls.get();
    }
}
