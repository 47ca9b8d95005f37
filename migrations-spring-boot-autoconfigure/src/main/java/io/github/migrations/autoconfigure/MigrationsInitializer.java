package io.github.migrations.autoconfigure;

import java.time.Duration;
import java.util.Locale;

import io.github.migrations.Migrator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.core.Ordered;

/**
 * Runs the {@link Migrator} as the application context starts, according to the startup
 * {@link MigrationsMode mode}. Beans that use the database are ordered after this one (see
 * {@link MigrationsDatabaseInitializerDetector}), so they see the migrated schema.
 * <p>
 * While it runs, the application reports itself live but refusing traffic: before the context is
 * refreshed Boot has published no liveness state, which {@code ApplicationAvailability} reads as
 * {@code BROKEN}, and a long migration must not look like a broken application. Boot publishes
 * {@code ACCEPTING_TRAFFIC} itself once the application is ready.
 */
public class MigrationsInitializer implements InitializingBean, ApplicationEventPublisherAware, Ordered {

	private static final Log logger = LogFactory.getLog(MigrationsInitializer.class);

	private final Migrator migrator;

	private final MigrationsMode mode;

	private int order;

	private @Nullable ApplicationEventPublisher eventPublisher;

	/**
	 * Creates an initializer that applies pending migrations.
	 * @param migrator the migrator to run
	 */
	public MigrationsInitializer(Migrator migrator) {
		this(migrator, MigrationsMode.MIGRATE);
	}

	/**
	 * Creates an initializer for the given mode.
	 * @param migrator the migrator to run
	 * @param mode what to do at startup
	 */
	public MigrationsInitializer(Migrator migrator, MigrationsMode mode) {
		this.migrator = migrator;
		this.mode = mode;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	@Override
	public void afterPropertiesSet() {
		if (this.eventPublisher != null && this.mode != MigrationsMode.NONE) {
			AvailabilityChangeEvent.publish(this.eventPublisher, this, LivenessState.CORRECT);
			AvailabilityChangeEvent.publish(this.eventPublisher, this, ReadinessState.REFUSING_TRAFFIC);
		}
		long start = System.nanoTime();
		switch (this.mode) {
			case MIGRATE, JOB -> this.migrator.migrate();
			case VALIDATE -> this.migrator.validate(false);
			case NONE -> logger.debug("Migrations are not run at startup (migrations.mode=none)");
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Startup migrations (mode " + this.mode.name().toLowerCase(Locale.ROOT) + ") took "
					+ Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
		}
	}

	public Migrator getMigrator() {
		return this.migrator;
	}

	public MigrationsMode getMode() {
		return this.mode;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	public void setOrder(int order) {
		this.order = order;
	}

}
