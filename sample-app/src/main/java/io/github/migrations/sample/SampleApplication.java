package io.github.migrations.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small user service. Its schema lives in {@code src/main/resources/db/migration}; the
 * migrations starter applies it at startup, before anything touches the database.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
