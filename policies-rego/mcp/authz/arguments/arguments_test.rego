package mcp.authz.arguments_test

import data.mcp.authz.arguments

# Inputs as the PDP sends them: the arguments and the PDP's analysis of each.
call(server, tool, args, analysis) := {
	"route": {"server": server},
	"mcp": {"kind": "request", "method": "tools/call", "tool": {"name": tool, "arguments": args, "analysis": analysis}},
}

codes(server, tool, args, analysis) := result if {
	result := {r.code | some r in arguments.reasons} with input as call(server, tool, args, analysis)
}

messages(server, tool, args, analysis) := result if {
	result := {r.message | some r in arguments.reasons} with input as call(server, tool, args, analysis)
}

# The analysis of a string value whose SQL, path and URI readings are given.
text(sql, path, uri) := {"type": "string", "sql": sql, "path": path, "uri": uri}

unparsed(error) := {"parsed": false, "error": error}

invalid(error) := {"valid": false, "error": error}

path(normalised) := {"valid": true, "normalised": normalised}

path_value(normalised) := text(unparsed("not_sql"), path(normalised), invalid("not_a_uri"))

read_file_codes(value, analysis) := codes("filesystem", "read_file", {"path": value}, {"path": analysis})

test_a_list_needs_every_item_allowed if {
	list := {"type": "array", "truncated": false, "items": [path_value("/srv/data/a"), path_value("/srv/shared/b")]}
	read_file_codes(["/srv/data/a", "/srv/shared/b"], list) == set()
	bad := {"type": "array", "truncated": false, "items": [path_value("/srv/data/a"), path_value("/etc/shadow")]}
	read_file_codes(["/srv/data/a", "/etc/shadow"], bad) == {"path_not_allowed"}
}

test_an_empty_list_fails_a_constraint if {
	read_file_codes([], {"type": "array", "truncated": false, "items": []}) == {"path_not_allowed"}
	expected := `argument "path" must be an absolute path under ["/srv/data/", "/srv/shared/"]: not a string`
	empty := {"path": {"type": "array", "truncated": false, "items": []}}
	messages("filesystem", "read_file", {"path": []}, empty) == {expected}
}

test_a_truncated_list_fails_a_constraint if {
	list := {"type": "array", "truncated": true, "items": [path_value("/srv/data/a")]}
	read_file_codes(["/srv/data/a"], list) == {"path_not_allowed"}
}

test_values_that_are_not_strings_fail if {
	read_file_codes(7, {"type": "number"}) == {"path_not_allowed"}
	read_file_codes({"p": "/srv/data/a"}, {"type": "object"}) == {"path_not_allowed"}
	read_file_codes(null, {"type": "null"}) == {"path_not_allowed"}
	list := {"type": "array", "truncated": false, "items": [{"type": "number"}]}
	read_file_codes([7], list) == {"path_not_allowed"}
}

test_an_argument_without_analysis_fails if {
	codes("filesystem", "read_file", {"path": "/srv/data/a"}, {}) == {"path_not_allowed"}
	tool := {"name": "read_file", "arguments": {"path": "/srv/data/a"}}
	old_pdp := {"route": {"server": "filesystem"}, "mcp": {"kind": "request", "method": "tools/call", "tool": tool}}
	result := {r.code | some r in arguments.reasons} with input as old_pdp
	result == {"path_not_allowed"}
}

test_missing_argument_fails_unless_optional if {
	codes("filesystem", "list_directory", {}, {}) == {"path_not_allowed"}
	optional := {"constraints": {"path": {"path_prefixes": ["/srv/data/"], "optional": true}}, "class": "read"}
	result := {r.code | some r in arguments.reasons} with input as call("filesystem", "list_directory", {}, {})
		with data.mcp.config.servers.filesystem.tools.list_directory as optional
	result == set()
}

test_optional_argument_in_another_case_is_constrained if {
	# A Go tool binds "Path" to its field path: the exemption for an absent path must not cover it.
	optional := {"constraints": {"path": {"path_prefixes": ["/srv/data/"], "optional": true}}, "class": "read"}
	analysis := {"Path": path_value("/etc/passwd")}
	every args in [{"Path": "/etc/passwd"}, {"PATH": "/etc/passwd"}, {"paTh": "/etc/passwd"}] {
		result := {r.code | some r in arguments.reasons} with input as call("filesystem", "list_directory", args, analysis)
			with data.mcp.config.servers.filesystem.tools.list_directory as optional
		result == {"path_not_allowed"}
	}
}

test_prompt_arguments_are_constrained_too if {
	prompt := {"class": "read", "constraints": {"path": {"path_prefixes": ["/srv/data/"]}}}
	get := {"route": {"server": "email"}, "mcp": {
		"kind": "request", "method": "prompts/get",
		"prompt": {
			"name": "draft_reply", "arguments": {"path": "/etc/passwd"},
			"analysis": {"path": path_value("/etc/passwd")},
		},
	}}
	result := {r.code | some r in arguments.reasons} with input as get
		with data.mcp.config.servers.email.prompts.draft_reply as prompt
	result == {"path_not_allowed"}
}

test_unconstrained_tools_pass if {
	args := {"title": "x", "body": "DROP TABLE orders; ../../etc"}
	codes("github", "create_issue", args, {}) == set()
}
