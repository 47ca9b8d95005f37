package io.github.migrations.autoconfigure;

import java.util.Optional;

import io.github.migrations.actuate.endpoint.MigrationsEndpoint;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.util.ClassUtils;

/**
 * Logs one WARN at startup when the write operations of the {@code migrations} endpoint (rollback
 * and repair) are open over HTTP to anyone who can reach the application: Actuator offers them
 * (its access is {@code unrestricted} and the endpoint is exposed over the web), and no Spring
 * Security filter chain is there to ask who calls. With a filter chain the application has
 * decided who may call (Boot's default one asks for a login on every endpoint but health); which
 * rules it has is not judged here. Read-only access, the default, logs nothing.
 */
class MigrationsEndpointAccessWarning implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(MigrationsEndpoint.class);

	private static final EndpointId MIGRATIONS = EndpointId.of("migrations");

	// a servlet and a reactive application's filter chains; Spring Security is optional
	private static final String[] FILTER_CHAINS = { "org.springframework.security.web.SecurityFilterChain",
			"org.springframework.security.web.server.SecurityWebFilterChain" };

	private final ListableBeanFactory beanFactory;

	private final ObjectProvider<WebEndpointsSupplier> webEndpoints;

	private final ObjectProvider<WebEndpointProperties> webEndpointProperties;

	MigrationsEndpointAccessWarning(ListableBeanFactory beanFactory, ObjectProvider<WebEndpointsSupplier> webEndpoints,
			ObjectProvider<WebEndpointProperties> webEndpointProperties) {
		this.beanFactory = beanFactory;
		this.webEndpoints = webEndpoints;
		this.webEndpointProperties = webEndpointProperties;
	}

	// the same operations of each instance of migrations.instances
	private String instancePaths(String path) {
		MigrationsInstances instances = this.beanFactory.getBeanProvider(MigrationsInstances.class).getIfAvailable();
		return (instances == null || instances.names().isEmpty()) ? ""
				: "(and POST " + path + "/instances/<name>/rollback and /repair for " + instances.names() + ") ";
	}

	@Override
	public void afterSingletonsInstantiated() {
		String path = openWritePath();
		if (path != null && !secured()) {
			logger.warn("The write operations of the migrations endpoint are open to anyone who can reach this "
					+ "application over HTTP: POST " + path + "/rollback and POST " + path + "/repair "
					+ instancePaths(path) + "(management.endpoint.migrations.access=unrestricted, and no Spring Security filter chain). "
					+ "Restrict them: add Spring Security with a rule for the endpoint, for example "
					+ "EndpointRequest.to(\"migrations\") requiring a role for POST, or set "
					+ "management.endpoint.migrations.access=read-only. Callers are recorded as 'anonymous' in "
					+ "the audit table.");
		}
	}

	/**
	 * The endpoint's path when Actuator offers its write operations over HTTP, else {@code null}.
	 */
	private @Nullable String openWritePath() {
		WebEndpointsSupplier supplier = this.webEndpoints.getIfUnique();
		if (supplier == null) {
			return null;
		}
		// Actuator leaves out the operations that the access does not allow (read-only by
		// default, or capped by management.endpoints.access.max-permitted)
		Optional<ExposableWebEndpoint> writable = supplier.getEndpoints()
			.stream()
			.filter((endpoint) -> MIGRATIONS.equals(endpoint.getEndpointId()))
			.filter((endpoint) -> endpoint.getOperations()
				.stream()
				.anyMatch((operation) -> operation.getType() == OperationType.WRITE))
			.findFirst();
		if (writable.isEmpty()) {
			return null;
		}
		WebEndpointProperties properties = this.webEndpointProperties.getIfAvailable();
		String basePath = (properties != null) ? properties.getBasePath() : "/actuator";
		return basePath + "/" + writable.get().getRootPath();
	}

	private boolean secured() {
		ClassLoader classLoader = getClass().getClassLoader();
		for (String name : FILTER_CHAINS) {
			if (ClassUtils.isPresent(name, classLoader) && this.beanFactory
				.getBeanNamesForType(ClassUtils.resolveClassName(name, classLoader), true, false).length > 0) {
				return true;
			}
		}
		return false;
	}

}
