package mcp.authz.arguments_test

import data.mcp.authz.arguments

test_paths_under_allowed_prefixes if {
	allowed := ["/srv/data/report.txt", "/srv/data", "/srv/data/", "/srv/shared/team/plan.md", "/srv/data/..hidden"]
	every normalised in allowed {
		read_file_codes(normalised, path_value(normalised)) == set()
	}
}

test_paths_outside_or_unreadable_are_denied if {
	every value in [
		path_value("/srv/database/dump.sql"),
		path_value("/etc/passwd"),
		text(unparsed("not_sql"), invalid("dot_dot_segment"), invalid("not_a_uri")),
		text(unparsed("not_sql"), invalid("encoded_separator"), invalid("not_a_uri")),
		text(unparsed("not_sql"), invalid("not_absolute"), invalid("not_a_uri")),
		text(unparsed("not_sql"), {"valid": true}, invalid("not_a_uri")),
		text(unparsed("not_sql"), {}, invalid("not_a_uri")),
	] {
		read_file_codes("…", value) == {"path_not_allowed"}
	}
}

test_path_reason_names_the_problem if {
	expected := `argument "path" must be an absolute path under ["/srv/data/"]: outside the allowed prefixes`
	messages("filesystem", "write_file", {"path": "/srv/shared/x"}, {"path": path_value("/srv/shared/x")}) == {expected}
	encoded := text(unparsed("not_sql"), invalid("encoded_separator"), invalid("not_a_uri"))
	prefix := `argument "path" must be an absolute path under ["/srv/data/"]: `
	expected_2 := concat("", [prefix, "not a normalised path (encoded_separator)"])
	messages("filesystem", "write_file", {"path": "/srv/data/..%2f..%2fetc"}, {"path": encoded}) == {expected_2}
}

read(uri, analysis) := {"route": {"server": "filesystem"}, "mcp": {
	"kind": "request", "method": "resources/read",
	"resource": {"uri": uri, "analysis": {"uri": analysis}},
}}

resource_reasons(uri, analysis) := result if {
	result := arguments.reasons with input as read(uri, analysis)
}

file_uri(normalised) := {
	"valid": true, "scheme": "file", "host": "", "port": null, "userinfo": false,
	"path": path(substring(normalised, 7, -1)), "query": false, "fragment": false, "normalised": normalised,
}

test_resource_uris_under_their_prefix_pass if {
	resource_reasons("file:///srv/data/a", file_uri("file:///srv/data/a")) == set()
	resource_reasons("file:///srv/data/./a", file_uri("file:///srv/data/a")) == set()
}

resource_message(problem) := {{
	"code": "path_not_allowed",
	"message": sprintf("resource URI must be a normalised URI under its catalogue prefix: %s", [problem]),
}}

test_resource_uris_that_escape_or_cannot_be_read_are_denied if {
	traversal := object.union(file_uri("file:///srv/data/x"), {"path": invalid("encoded_separator")})
	encoded := resource_message("not a normalised path (encoded_separator)")
	resource_reasons("file:///srv/data/..%2f..%2fetc%2fpasswd", traversal) == encoded
	dot_dot := object.union(file_uri("file:///srv/data/x"), {"path": invalid("dot_dot_segment")})
	dot_dot_message := resource_message("not a normalised path (dot_dot_segment)")
	resource_reasons("file:///srv/data/../../etc/shadow", dot_dot) == dot_dot_message
	outside := resource_message("outside its catalogue prefix once normalised")
	resource_reasons("file:///srv/data//../x", file_uri("file:///srv/x")) == outside
	resource_reasons("file:///srv/data/ x", invalid("whitespace")) == resource_message("not a URI (whitespace)")
	resource_reasons("file:///srv/data/x", {}) == resource_message("not a URI (not analysed)")
	query := object.union(file_uri("file:///srv/data/x?/../../etc/passwd"), {"query": true})
	with_suffix := resource_message("a file URI with a query or fragment")
	resource_reasons("file:///srv/data/x?/../../etc/passwd", query) == with_suffix
	fragment := object.union(file_uri("file:///srv/data/x#/../../etc/passwd"), {"fragment": true})
	resource_reasons("file:///srv/data/x#/../../etc/passwd", fragment) == with_suffix
}

test_opaque_resource_uris_need_no_path if {
	opaque := {"valid": true, "scheme": "note", "opaque": true, "normalised": "note:42"}
	notes := json.patch(data.mcp.config.servers, [{
		"op": "add", "path": "/github/resources/-",
		"value": {"uri_prefix": "note:", "class": "read"},
	}])
	input_doc := {"route": {"server": "github"}, "mcp": {
		"kind": "request", "method": "resources/read",
		"resource": {"uri": "note:42", "analysis": {"uri": opaque}},
	}}
	reasons := arguments.reasons with input as input_doc with data.mcp.config.servers as notes
	reasons == set()
}
