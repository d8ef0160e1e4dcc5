package mcp.authz.arguments_test

import data.mcp.authz.arguments

parsed(statements, functions) := {
	"parsed": true, "count": 1, "statements": statements,
	"functions": functions, "tables": ["orders"],
}

sql_value(sql) := text(sql, invalid("not_absolute"), invalid("not_a_uri"))

sql_codes(sql) := codes("database", "query", {"sql": "SELECT 1"}, {"sql": sql_value(sql)})

# The SQL text as sent, with the PDP's analysis of it.
query_text_codes(text, sql) := codes("database", "query", {"sql": text}, {"sql": sql_value(sql)})

test_read_only_sql_is_allowed if {
	every case in [
		["SELECT * FROM orders", parsed(["select"], [])],
		["SELECT count(*), lower(name), coalesce(x, 0) FROM orders", parsed(["select"], ["coalesce", "count", "lower"])],
		["EXPLAIN SELECT * FROM orders", parsed(["explain", "select"], [])],
		["SHOW search_path", parsed(["show"], [])],
	] {
		query_text_codes(case[0], case[1]) == set()
	}
}

# Each of these passed the keyword check this replaces.
test_functions_outside_the_read_only_list_are_denied if {
	every case in [
		["SELECT lo_import('/etc/passwd')", "lo_import"],
		["SELECT dblink_exec('host=evil', 'DROP TABLE orders')", "dblink_exec"],
		["SELECT pg_terminate_backend(pid) FROM pg_stat_activity", "pg_terminate_backend"],
		["SELECT * FROM orders ORDER BY pg_sleep(10)", "pg_sleep"],
		["SELECT pg_catalog.lower(name) FROM orders", "pg_catalog.lower"],
		["SELECT \"LOWER\"(name) FROM orders", "LOWER"],
	] {
		query_text_codes(case[0], parsed(["select"], ["count", case[1]])) == {"sql_not_read_only"}
	}
}

test_writing_statements_are_denied if {
	every statements in [
		["drop"], ["delete", "select"], ["select", "select_into"], ["select", "select_locking"],
		["explain", "delete"], ["insert", "select"], ["create_table"],
	] {
		sql_codes(parsed(statements, [])) == {"sql_not_read_only"}
	}
}

test_several_statements_are_denied if {
	sql_codes(object.union(parsed(["select"], []), {"count": 2})) == {"sql_not_read_only"}
}

test_unparsed_or_incomplete_sql_is_denied if {
	every sql in [
		unparsed("syntax"), unparsed("ambiguous"), unparsed("timeout"), unparsed("not_sql"),
		{"parsed": true, "count": 1}, {"parsed": true, "count": 1, "statements": ["select"]}, {},
	] {
		sql_codes(sql) == {"sql_not_read_only"}
	}
}

test_sql_that_is_not_a_string_or_missing_is_denied if {
	every args_and_analysis in [[{"sql": 42}, {"sql": {"type": "number"}}], [{}, {}]] {
		codes("database", "query", args_and_analysis[0], args_and_analysis[1]) == {"sql_not_read_only"}
	}
}

test_sql_reason_names_the_problem_not_the_value if {
	lo_import := {"sql": sql_value(parsed(["select"], ["lo_import"]))}
	expected := `argument "sql" must be one read-only SQL statement: a function is not allowed`
	messages("database", "query", {"sql": "SELECT lo_import('/etc/passwd')"}, lo_import) == {expected}
	expected_2 := `argument "sql" must be one read-only SQL statement: not parsed (syntax)`
	messages("database", "query", {"sql": "SELEC"}, {"sql": sql_value(unparsed("syntax"))}) == {expected_2}
}

query_codes(spec, sql) := result if {
	query := call("database", "query", {"sql": "…"}, {"sql": sql_value(sql)})
	result := {r.code | some r in arguments.reasons} with input as query
		with data.mcp.config.servers as json.patch(data.mcp.config.servers, [{
			"op": "replace", "path": "/database/tools/query",
			"value": {"class": "query", "constraints": {"sql": spec}},
		}])
}

test_a_sql_spec_sets_its_own_allow_lists if {
	spec := {"sql": {"statements": ["select", "insert"], "functions": ["now"]}}
	query_codes(spec, parsed(["insert", "select"], ["now"])) == set()
	query_codes(spec, parsed(["select"], ["count"])) == {"sql_not_allowed"}
	query_codes(spec, parsed(["delete"], [])) == {"sql_not_allowed"}
}

test_a_sql_spec_may_list_tables if {
	spec := {"sql": {"tables": ["orders", "shop.customers"]}}
	query_codes(spec, parsed(["select"], [])) == set()
	query_codes(spec, object.union(parsed(["select"], []), {"tables": ["orders", "shop.customers"]})) == set()
	query_codes(spec, object.union(parsed(["select"], []), {"tables": ["orders", "users"]})) == {"sql_not_allowed"}
	query_codes(spec, object.union(parsed(["select"], []), {"tables": null})) == {"sql_not_allowed"}
}

test_a_sql_spec_defaults_to_the_read_only_lists if {
	query_codes({"sql": {}}, parsed(["select"], ["count"])) == set()
	query_codes({"sql": {}}, parsed(["select"], ["lo_import"])) == {"sql_not_allowed"}
}

bare_codes(sql) := result if {
	result := sql_codes(sql) with data.mcp.config.defaults as json.remove(data.mcp.config.defaults, ["sql"])
}

test_without_shipped_lists_only_plain_selects_pass if {
	bare_codes(parsed(["select"], [])) == set()
	bare_codes(parsed(["select"], ["count"])) == {"sql_not_read_only"}
}
