package io.github.migrations;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where the tenants come from: the names of their schemas (on MariaDB and MySQL, their
 * databases), asked afresh at each run of {@link Tenants}, so a tenant signed up since the last
 * run is included. An application with its own registry implements it (a Spring bean).
 */
@FunctionalInterface
public interface TenantSource {

	/**
	 * The tenants' schema names, in the order they are run; duplicates are run once.
	 */
	List<String> tenants();

	/**
	 * A fixed list.
	 */
	static TenantSource of(List<String> schemas) {
		List<String> copy = List.copyOf(schemas);
		return () -> copy;
	}

	/**
	 * A fixed list.
	 */
	static TenantSource of(String... schemas) {
		return of(List.of(schemas));
	}

	/**
	 * The first column of every row of a query, asked at each run
	 * ({@code SELECT schema_name FROM public.tenants WHERE active}); {@code null} values are left
	 * out.
	 */
	static TenantSource query(DataSource dataSource, String sql) {
		Objects.requireNonNull(dataSource, "dataSource");
		Objects.requireNonNull(sql, "sql");
		return () -> {
			List<String> names = new ArrayList<>();
			new JdbcTemplate(dataSource).query(sql, (rs) -> {
				String name = rs.getString(1);
				if (name != null) {
					names.add(name);
				}
			});
			return names;
		};
	}

}
