package io.github.migrations.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * In {@link MigrationsMode#JOB job mode}, closes the application once it has started (the
 * migrations ran while it started) and exits the JVM with the context's exit code, 0 unless an
 * {@link org.springframework.boot.ExitCodeGenerator} says otherwise. A failed migration never gets
 * here: it fails startup, which ends the JVM with a non-zero code.
 */
class MigrationsJobExit implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(MigrationsJobExit.class);

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		logger.info("Migrations job finished (migrations.mode=job); stopping the application");
		System.exit(SpringApplication.exit(event.getApplicationContext()));
	}

}
