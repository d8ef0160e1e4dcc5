package mcp.authz.arguments_test

import data.mcp.authz.arguments

call(server, tool, args) := {
	"route": {"server": server},
	"mcp": {"kind": "request", "method": "tools/call", "tool": {"name": tool, "arguments": args}},
}

codes(server, tool, args) := result if {
	result := {r.code | some r in arguments.reasons} with input as call(server, tool, args)
}

sql_codes(sql) := codes("database", "query", {"sql": sql})

test_read_only_sql_is_allowed if {
	every sql in [
		"SELECT * FROM orders",
		"  select id, updated_at, created_by from orders where total > 10;  ",
		"WITH recent AS (SELECT * FROM orders) SELECT count(*) FROM recent",
		"EXPLAIN SELECT * FROM orders",
		"show tables",
	] {
		sql_codes(sql) == set()
	}
}

test_writing_sql_is_denied if {
	every sql in [
		"DROP TABLE orders",
		"delete from orders",
		"UPDATE orders SET total = 0",
		"INSERT INTO orders VALUES (1)",
		"ALTER TABLE orders ADD x int",
		"CREATE TABLE t (x int)",
		"TRUNCATE orders",
		"GRANT ALL ON orders TO eve",
		"SELECT 1; DROP TABLE orders",
		"SELECT * INTO backup FROM orders",
		"WITH gone AS (DELETE FROM orders RETURNING *) SELECT * FROM gone",
		"EXPLAIN ANALYZE DELETE FROM orders",
		"SELECT * FROM orders FOR UPDATE",
		"/* hi */ DROP TABLE orders",
		"",
	] {
		sql_codes(sql) == {"sql_not_read_only"}
	}
}

test_sql_that_is_not_a_string_or_missing_is_denied if {
	sql_codes(42) == {"sql_not_read_only"}
	codes("database", "query", {}) == {"sql_not_read_only"}
	reasons := arguments.reasons with input as call("database", "query", {"sql": "DROP TABLE orders"})
	reasons == {{"code": "sql_not_read_only", "message": `argument "sql" must be a single read-only SQL statement`}}
}

read_file_codes(path) := codes("filesystem", "read_file", {"path": path})

test_paths_under_allowed_prefixes if {
	read_file_codes("/srv/data/report.txt") == set()
	read_file_codes("/srv/data") == set()
	read_file_codes("/srv/shared/team/plan.md") == set()
	read_file_codes("/srv/data/..hidden") == set()
}

test_paths_outside_or_traversing_are_denied if {
	every path in [
		"/srv/data/../../etc/passwd",
		"/srv/data/..",
		"/srv/data/%2E%2e/secret",
		"/srv/data\\..\\..\\etc",
		"/srv/database/dump.sql",
		"/etc/passwd",
		"srv/data/report.txt",
		"",
	] {
		read_file_codes(path) == {"path_not_allowed"}
	}
}

test_path_lists_need_every_item_allowed if {
	codes("filesystem", "read_file", {"path": ["/srv/data/a", "/srv/shared/b"]}) == set()
	codes("filesystem", "read_file", {"path": ["/srv/data/a", "/etc/shadow"]}) == {"path_not_allowed"}
	codes("filesystem", "read_file", {"path": 7}) == {"path_not_allowed"}
}

test_path_reason_message if {
	reasons := arguments.reasons with input as call("filesystem", "write_file", {"path": "/srv/shared/x"})
	reasons == {{
		"code": "path_not_allowed",
		"message": `argument "path" must be a path under ["/srv/data/"] without ..`,
	}}
}

test_missing_argument_fails_unless_optional if {
	codes("filesystem", "list_directory", {}) == {"path_not_allowed"}
	optional := {"constraints": {"path": {"path_prefixes": ["/srv/data/"], "optional": true}}, "class": "read"}
	result := {r.code | some r in arguments.reasons} with input as call("filesystem", "list_directory", {})
		with data.mcp.config.servers.filesystem.tools.list_directory as optional
	result == set()
}

test_resource_uri_traversal if {
	read := {"route": {"server": "filesystem"}, "mcp": {"kind": "request", "method": "resources/read"}}
	ok := object.union(read, {"mcp": {"resource": {"uri": "file:///srv/data/a"}}})
	arguments.reasons == set() with input as ok
	bad := object.union(read, {"mcp": {"resource": {"uri": "file:///srv/data/../../etc/passwd"}}})
	reasons := arguments.reasons with input as bad
	reasons == {{"code": "path_not_allowed", "message": "resource URI must not contain .. segments"}}
}

download_codes(url) := codes("filesystem", "download_file", {"url": url, "path": "/srv/data/incoming/x.zip"})

test_urls_to_allowed_hosts if {
	download_codes("https://downloads.example.com/x.zip") == set()
	download_codes("HTTP://Downloads.Example.com:8443/x.zip?y=1") == set()
	download_codes("https://raw.githubusercontent.com/acme/shop/main/x.zip") == set()
	download_codes("https://downloads.example.com") == set()
}

test_urls_to_other_hosts_are_denied if {
	every url in [
		"https://evil.example/x.zip",
		"https://downloads.example.com@evil.example/x.zip",
		"https://evil.example\\@downloads.example.com/",
		"https://evil.example#@downloads.example.com",
		"https://downloads.example.com.evil.example/",
		"https://githubusercontent.com/x",
		"file:///etc/passwd",
		"ftp://downloads.example.com/x.zip",
		"https://downloads.example.com /x",
		"",
	] {
		download_codes(url) == {"host_not_allowed"}
	}
}

test_host_reason_message if {
	reasons := arguments.reasons with input as call("github", "create_webhook", {"url": "https://evil.example/hook"})
	reasons == {{
		"code": "host_not_allowed",
		"message": `argument "url" must be an http(s) URL to one of ["hooks.example.com", "*.ci.example.com"]`,
	}}
}

test_prompt_arguments_are_constrained_too if {
	prompt := {"class": "read", "constraints": {"path": {"path_prefixes": ["/srv/data/"]}}}
	get := {"route": {"server": "email"}, "mcp": {
		"kind": "request", "method": "prompts/get",
		"prompt": {"name": "draft_reply", "arguments": {"path": "/etc/passwd"}},
	}}
	result := {r.code | some r in arguments.reasons} with input as get
		with data.mcp.config.servers.email.prompts.draft_reply as prompt
	result == {"path_not_allowed"}
}

test_unconstrained_tools_pass if {
	codes("github", "create_issue", {"title": "x", "body": "DROP TABLE orders; ../../etc"}) == set()
}
