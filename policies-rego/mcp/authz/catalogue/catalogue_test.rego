package mcp.authz.catalogue_test

import data.mcp.authz.catalogue

servers := {"files": {
	"tools": {"read_file": {"class": "read", "redact": ["secret"]}},
	"prompts": {"explain": {"class": "read"}},
	"resources": [
		{"uri_prefix": "file:///srv/", "class": "read"},
		{"uri_prefix": "file:///srv/admin/", "class": "admin"},
	],
}}

tool_call(server, tool) := {
	"route": {"server": server},
	"mcp": {"kind": "request", "method": "tools/call", "tool": {"name": tool, "arguments": {}}},
}

resource_read(uri) := {
	"route": {"server": "files"},
	"mcp": {"kind": "request", "method": "resources/read", "resource": {"uri": uri}},
}

test_listed_tool_gives_its_class_and_redactions if {
	catalogue.action_class == "read" with input as tool_call("files", "read_file") with data.mcp.config.servers as servers
	catalogue.redact_arguments == ["secret"] with input as tool_call("files", "read_file")
		with data.mcp.config.servers as servers
}

test_unknown_tool_is_not_in_catalogue if {
	reasons := catalogue.reasons with input as tool_call("files", "format_disk") with data.mcp.config.servers as servers
	reasons == {{
		"code": "tool_not_in_catalogue",
		"message": `tool "format_disk" is not in the catalogue of server "files"`,
	}}
	catalogue.action_class == "none" with input as tool_call("files", "format_disk")
		with data.mcp.config.servers as servers
}

test_tool_call_without_name_is_not_in_catalogue if {
	call := {"route": {"server": "files"}, "mcp": {"kind": "request", "method": "tools/call"}}
	reasons := catalogue.reasons with input as call with data.mcp.config.servers as servers
	reasons == {{"code": "tool_not_in_catalogue", "message": `tool "" is not in the catalogue of server "files"`}}
}

test_fallback_class_covers_unknown_items if {
	fallback := object.union(servers, {"files": {"fallback_class": "read"}})
	catalogue.action_class == "read" with input as tool_call("files", "format_disk")
		with data.mcp.config.servers as fallback
	catalogue.reasons == set() with input as tool_call("files", "format_disk") with data.mcp.config.servers as fallback
}

test_unknown_server if {
	reasons := catalogue.reasons with input as tool_call("mainframe", "read_file") with data.mcp.config.servers as servers
	reasons == {{"code": "server_unknown", "message": `MCP server "mainframe" is not configured`}}
}

test_missing_route_is_an_unknown_server if {
	reasons := catalogue.reasons with input as {"mcp": {"kind": "stream"}}
	reasons == {{"code": "server_unknown", "message": `MCP server "" is not configured`}}
}

test_resource_longest_prefix_wins if {
	catalogue.action_class == "admin" with input as resource_read("file:///srv/admin/keys")
		with data.mcp.config.servers as servers
	catalogue.action_class == "read" with input as resource_read("file:///srv/data/a.txt")
		with data.mcp.config.servers as servers
}

test_resource_outside_all_prefixes if {
	reasons := catalogue.reasons with input as resource_read("file:///etc/passwd") with data.mcp.config.servers as servers
	reasons == {{
		"code": "resource_not_in_catalogue",
		"message": `resource "file:///etc/passwd" is not in the catalogue of server "files"`,
	}}
}

test_prompts_are_looked_up_by_name if {
	get := {
		"route": {"server": "files"},
		"mcp": {"kind": "request", "method": "prompts/get", "prompt": {"name": "explain"}},
	}
	catalogue.action_class == "read" with input as get with data.mcp.config.servers as servers
	unknown := json.patch(get, [{"op": "replace", "path": "/mcp/prompt/name", "value": "jailbreak"}])
	codes := {r.code | some r in catalogue.reasons} with input as unknown with data.mcp.config.servers as servers
	codes == {"prompt_not_in_catalogue"}
}

test_session_traffic_has_class_none if {
	session := {"route": {"server": "files"}, "mcp": {"kind": "request", "method": "tools/list"}}
	catalogue.action_class == "none" with input as session with data.mcp.config.servers as servers
	catalogue.reasons == set() with input as session with data.mcp.config.servers as servers
}

test_case_variant_of_a_listed_tool_takes_no_fallback_class if {
	fallback := object.union(servers, {"files": {"fallback_class": "read"}})
	every name in ["Read_File", "READ_FILE", "read_fiLe"] {
		catalogue.action_class == "none" with input as tool_call("files", name) with data.mcp.config.servers as fallback
	}
	reasons := catalogue.reasons with input as tool_call("files", "Read_File") with data.mcp.config.servers as fallback
	reasons == {{
		"code": "tool_not_in_catalogue",
		"message": `tool "Read_File" is not in the catalogue of server "files" (it lists "read_file")`,
	}}
}

test_long_s_variant_of_a_listed_prompt_takes_no_fallback_class if {
	fallback := object.union(servers, {"files": {"fallback_class": "read", "prompts": {"steps": {"class": "read"}}}})
	call := {
		"route": {"server": "files"},
		"mcp": {"kind": "request", "method": "prompts/get", "prompt": {"name": "ſteps"}},
	}
	catalogue.action_class == "none" with input as call with data.mcp.config.servers as fallback
}
