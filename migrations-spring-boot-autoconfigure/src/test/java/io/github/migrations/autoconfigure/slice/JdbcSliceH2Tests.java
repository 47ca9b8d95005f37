package io.github.migrations.autoconfigure.slice;

/**
 * The slice on the embedded H2 database it replaces the application's with.
 */
class JdbcSliceH2Tests extends AbstractJdbcSliceTests {

}
