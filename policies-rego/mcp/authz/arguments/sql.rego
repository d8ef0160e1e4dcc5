# SQL arguments, judged on the PDP's parse (statement kinds, functions called).
package mcp.authz.arguments

reasons contains {
	"code": "sql_not_read_only",
	"message": sprintf("argument %q must be one read-only SQL statement: %s", [name, problem]),
} if {
	some name, spec in constraints
	object.get(spec, "read_only_sql", false) != false
	some value in value_analyses(name, spec)
	problem := sql_problem(value, read_only)
}

reasons contains {
	"code": "sql_not_allowed",
	"message": sprintf("argument %q must be one SQL statement the catalogue allows: %s", [name, problem]),
} if {
	some name, spec in constraints
	allowed := object.union(read_only, spec.sql)
	some value in value_analyses(name, spec)
	problem := sql_problem(value, allowed)
}

# Why a value is not acceptable SQL; undefined when it is. Never echoes the value. Each test is
# written so that a missing field fails it.
sql_problem(value, allowed) := "not a SQL string" if {
	not value.sql
} else := sprintf("not parsed (%s)", [object.get(value.sql, "error", "unknown")]) if {
	not value.sql.parsed == true
} else := "more than one statement" if {
	not value.sql.count == 1
} else := "a statement kind is not allowed" if {
	not listed(value.sql, "statements", allowed)
} else := "a function is not allowed" if {
	not listed(value.sql, "functions", allowed)
} else := "a table is not allowed" if {
	allowed.tables # optional: without it, any table
	not listed(value.sql, "tables", allowed)
}

# Every one of the analysis' statements (or functions) is in the allow-list.
listed(sql, field, allowed) if {
	is_array(sql[field])
	every item in sql[field] {
		item in object.get(allowed, field, [])
	}
}
