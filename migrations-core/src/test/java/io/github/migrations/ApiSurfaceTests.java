package io.github.migrations;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages an application may import are named (the root package's Javadoc and
 * docs/architecture.md list them); their public types must not make an internal type part of the
 * API through a signature, a supertype or a record component.
 */
class ApiSurfaceTests {

	static final Set<String> API_PACKAGES = Set.of("io.github.migrations", "io.github.migrations.rollback",
			"io.github.migrations.lint", "io.github.migrations.preflight", "io.github.migrations.backfill");

	/**
	 * Public classes and methods of API packages that only the engine calls, each with why it
	 * must be public: Java without module descriptors has no access between sibling packages
	 * short of public. Their Javadoc says so; an application never needs them.
	 */
	static final Set<String> ENGINE_ONLY = Set.of(
			// the rollback run lives with the rollback types; the facade in the root package starts it
			"io.github.migrations.rollback.RollbackRun",
			// the repair run lives beside the audit trail it shares with rollback; the facade starts it
			"io.github.migrations.rollback.RepairRun",
			// the checks' runner lives with the checks; the run's gates (package run) call it
			"io.github.migrations.preflight.PreflightRunner",
			// the linter of the parsed pending migrations; the run's gates call it
			"io.github.migrations.lint.MigrationLinter#lint(java.util.List)",
			// the same for one run on a fresh database
			"io.github.migrations.lint.MigrationLinter#lint(java.util.List,boolean)",
			// the linter of a connected MariaDB/MySQL session (its sql_mode); the dialect makes it,
			// applications take mariadb() or forVendor(...)
			"io.github.migrations.lint.MigrationLinter#mariadb(io.github.migrations.dialect.mariadb.MariaDbDialect)");

	@Test
	void publicTypesOfApiPackagesExposeNoInternalType() throws Exception {
		List<Class<?>> api = apiTypes();
		assertThat(api).extracting(Class::getSimpleName).contains("Migrator", "RollbackRequest", "MigrationLinter",
				"PreflightCheck", "Backfill");
		Set<String> leaks = new TreeSet<>();
		for (Class<?> type : api) {
			leaks.addAll(leaks(type));
		}
		assertThat(leaks).as("internal types reachable from the public API").isEmpty();
	}

	@Test
	void everyEngineOnlyExceptionStillNamesAPublicClassOrMethod() throws Exception {
		// a stale entry would hide nothing today, but would silently excuse whatever took its name
		for (String entry : ENGINE_ONLY) {
			String[] parts = entry.split("#");
			Class<?> type = Class.forName(parts[0]);
			assertThat(Modifier.isPublic(type.getModifiers())).as(entry).isTrue();
			if (parts.length > 1) {
				List<String> publicMethods = new ArrayList<>();
				for (Method method : type.getDeclaredMethods()) {
					if (Modifier.isPublic(method.getModifiers())) {
						publicMethods.add(signature(type, method));
					}
				}
				assertThat(publicMethods).as(entry).contains(entry);
			}
		}
	}

	@Test
	void everyInternalPackageIsOutsideTheApiList() throws Exception {
		// the check above is only as good as its list: a package added later must be placed on
		// one side knowingly, so the internal ones are listed too
		Set<String> internal = Set.of("io.github.migrations.run", "io.github.migrations.parse",
				"io.github.migrations.dialect", "io.github.migrations.dialect.postgres",
				"io.github.migrations.dialect.h2", "io.github.migrations.dialect.mariadb", "io.github.migrations.discovery",
				"io.github.migrations.history",
				"io.github.migrations.lock", "io.github.migrations.execute", "io.github.migrations.adopt");
		Set<String> packages = new TreeSet<>();
		for (Class<?> type : mainClasses()) {
			packages.add(type.getPackageName());
		}
		Set<String> unplaced = new TreeSet<>(packages);
		unplaced.removeAll(API_PACKAGES);
		unplaced.removeAll(internal);
		assertThat(unplaced).as("packages neither API nor internal").isEmpty();
		assertThat(packages).containsAll(API_PACKAGES);
	}

	private static List<Class<?>> apiTypes() throws IOException, ClassNotFoundException {
		List<Class<?>> api = new ArrayList<>();
		for (Class<?> type : mainClasses()) {
			if (API_PACKAGES.contains(type.getPackageName()) && isVisible(type)
					&& !ENGINE_ONLY.contains(type.getName())) {
				api.add(type);
			}
		}
		return api;
	}

	private static boolean isVisible(Class<?> type) {
		for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
			if (!Modifier.isPublic(t.getModifiers())) {
				return false;
			}
		}
		return !type.isAnonymousClass() && !type.isSynthetic();
	}

	private static List<Class<?>> mainClasses() throws IOException, ClassNotFoundException {
		Resource[] resources = new PathMatchingResourcePatternResolver()
			.getResources("classpath*:io/github/migrations/**/*.class");
		List<Class<?>> classes = new ArrayList<>();
		for (Resource resource : resources) {
			String url = resource.getURL().toString();
			// main classes of this module only: not its tests, not other modules' jars
			if (!url.contains("/migrations-core/target/classes/")) {
				continue;
			}
			String name = url.substring(url.indexOf("/target/classes/") + "/target/classes/".length())
				.replace(".class", "")
				.replace('/', '.');
			if (!name.endsWith("package-info")) {
				classes.add(Class.forName(name, false, ApiSurfaceTests.class.getClassLoader()));
			}
		}
		return classes;
	}

	private static Set<String> leaks(Class<?> type) {
		Set<String> leaks = new TreeSet<>();
		List<Type> exposed = new ArrayList<>();
		if (type.getGenericSuperclass() != null) {
			exposed.add(type.getGenericSuperclass());
		}
		exposed.addAll(List.of(type.getGenericInterfaces()));
		for (Field field : type.getDeclaredFields()) {
			if (isExposed(field.getModifiers(), type)) {
				exposed.add(field.getGenericType());
			}
		}
		if (type.isRecord()) {
			for (var component : type.getRecordComponents()) {
				exposed.add(component.getGenericType());
			}
		}
		List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredMethods()));
		executables.addAll(List.<Constructor<?>>of(type.getDeclaredConstructors()));
		for (Executable executable : executables) {
			if (executable.isSynthetic() || !isExposed(executable.getModifiers(), type)
					|| ENGINE_ONLY.contains(signature(type, executable))) {
				continue;
			}
			exposed.addAll(List.of(executable.getGenericParameterTypes()));
			exposed.addAll(List.of(executable.getGenericExceptionTypes()));
			if (executable instanceof Method method) {
				exposed.add(method.getGenericReturnType());
			}
		}
		for (Type t : exposed) {
			collect(t, type.getName(), leaks, new TreeSet<>());
		}
		return leaks;
	}

	private static String signature(Class<?> type, Executable executable) {
		StringBuilder signature = new StringBuilder(type.getName()).append('#').append(executable.getName()).append('(');
		Class<?>[] parameters = executable.getParameterTypes();
		for (int i = 0; i < parameters.length; i++) {
			signature.append((i > 0) ? "," : "").append(parameters[i].getName());
		}
		return signature.append(')').toString();
	}

	private static boolean isExposed(int modifiers, Class<?> owner) {
		// protected members count: a user may subclass a non-final public class
		return Modifier.isPublic(modifiers)
				|| (Modifier.isProtected(modifiers) && !Modifier.isFinal(owner.getModifiers()));
	}

	private static void collect(Type type, String owner, Set<String> leaks, Set<String> seen) {
		if (!seen.add(type.getTypeName())) {
			return;
		}
		if (type instanceof Class<?> c) {
			Class<?> component = c;
			while (component.isArray()) {
				component = component.getComponentType();
			}
			String pkg = component.getPackageName();
			if (pkg.startsWith("io.github.migrations") && !API_PACKAGES.contains(pkg)) {
				leaks.add(owner + " exposes " + component.getName());
			}
		}
		else if (type instanceof ParameterizedType p) {
			collect(p.getRawType(), owner, leaks, seen);
			for (Type argument : p.getActualTypeArguments()) {
				collect(argument, owner, leaks, seen);
			}
		}
		else if (type instanceof WildcardType w) {
			for (Type bound : w.getUpperBounds()) {
				collect(bound, owner, leaks, seen);
			}
			for (Type bound : w.getLowerBounds()) {
				collect(bound, owner, leaks, seen);
			}
		}
		else if (type instanceof GenericArrayType g) {
			collect(g.getGenericComponentType(), owner, leaks, seen);
		}
		else if (type instanceof TypeVariable<?> v) {
			for (Type bound : v.getBounds()) {
				collect(bound, owner, leaks, seen);
			}
		}
	}

}
