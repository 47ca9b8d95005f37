package io.github.migrations.autoconfigure.quiet;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A plain JPA application on the starter, started in a JVM of its own by {@link QuietStart}: it
 * reads the table the migration created and stops.
 */
@SpringBootApplication
public class QuietJpaApplication {

	/** What the application prints once it read the migrated table. */
	static final String STARTED = "QUIET-START-READ-CUSTOMERS=";

	public static void main(String[] args) {
		SpringApplication.run(QuietJpaApplication.class, args).close();
	}

	@Bean
	CommandLineRunner readCustomers(CustomerRepository customers) {
		return (args) -> System.out.println(STARTED + customers.count());
	}

}
