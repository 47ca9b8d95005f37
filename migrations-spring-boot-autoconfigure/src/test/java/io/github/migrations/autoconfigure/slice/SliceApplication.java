package io.github.migrations.autoconfigure.slice;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;

/**
 * The application the slice tests of this package find: its package is scanned for the
 * {@link Note} entity and the repositories.
 */
@SpringBootApplication
class SliceApplication {

	/**
	 * Spring Data JDBC quotes identifiers, and a quoted lower-case {@code "note"} is not H2's
	 * {@code NOTE}; unquoted, one mapping fits both databases.
	 */
	@Bean
	static BeanPostProcessor unquotedIdentifiers() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof RelationalMappingContext context) {
					context.setForceQuote(false);
				}
				return bean;
			}

		};
	}

}
