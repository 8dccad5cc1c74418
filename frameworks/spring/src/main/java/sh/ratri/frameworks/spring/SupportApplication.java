package sh.ratri.frameworks.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * A support pipeline whose annotated beans Spring proxies: every bean here is advised by
 * {@link CallCounter} (an aspect), the response worker is {@code @Transactional} and the auditor
 * {@code @Async}, so each is a {@code $$SpringCGLIB$$} subclass. Prints only what the pipeline
 * returns and the counts of what the proxies did, so a run with the agent prints the same.
 */
@SpringBootApplication
@EnableAsync
@EnableTransactionManagement
public class SupportApplication {

    @Bean
    CountingTransactionManager transactionManager() {
        return new CountingTransactionManager();
    }

    public static void main(String[] args) throws Exception {
        String ticketId = args.length > 0 ? args[0] : "SUP-42";
        try (ConfigurableApplicationContext context = SpringApplication.run(SupportApplication.class, args)) {
            Orchestrator orchestrator = context.getBean(Orchestrator.class);
            System.out.println(orchestrator.handle(ticketId));
            System.out.println("orchestrator bean: " + proxyKind(orchestrator.getClass().getName()));
            System.out.println("advised calls: " + context.getBean(CallCounter.class).calls());
            System.out.println("transactions committed: " + context.getBean(CountingTransactionManager.class).committed());
        }
    }

    private static String proxyKind(String className) {
        return className.contains("$$SpringCGLIB$$") ? "CGLIB proxy" : "not proxied";
    }
}
