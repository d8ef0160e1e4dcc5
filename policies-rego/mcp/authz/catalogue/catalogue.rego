# METADATA
# description: |
#   Step 2: look the route's MCP server and the named item up in the catalogue
#   (data.mcp.config.servers.<server>). The entry gives the action class, sensitivity labels,
#   argument constraints, required scopes and fields to redact. Items not in the catalogue are
#   denied, unless the server sets "fallback_class" (e.g. "read").
package mcp.authz.catalogue

import data.mcp.authz.config
import data.mcp.authz.message

server := config.servers[input.route.server]

item_categories := {"tool", "resource", "prompt"}

# The item's name as the catalogue knows it; "" when the client sent none.
default item_name := ""

item_name := input.mcp.tool.name if message.category == "tool"

item_name := input.mcp.resource.uri if message.category == "resource"

item_name := input.mcp.prompt.name if message.category == "prompt"

# Per category, the server's entries by item name.
items := {
	"tool": object.get(server, "tools", {}),
	"prompt": object.get(server, "prompts", {}),
	"resource": resource_entries,
}

# Resources are listed by URI prefix; the longest matching prefix wins.
resource_entries[item_name] := matches[0] if {
	message.category == "resource"
	item_name != ""
	prefix_length := max({count(e.uri_prefix) | some e in resource_matches})
	matches := [e | some e in resource_matches; count(e.uri_prefix) == prefix_length]
}

resource_matches contains entry if {
	some entry in server.resources
	startswith(item_name, entry.uri_prefix)
}

entry := items[message.category][item_name]

entry := {"class": server.fallback_class} if {
	message.category in item_categories
	is_string(item_name)
	item_name != ""
	not items[message.category][item_name]
}

# One of read, query, update, admin for catalogue items; none for session traffic.
default action_class := "none"

action_class := entry.class

# Argument names to redact in the audit event (obligation redact_arguments).
redact_arguments := object.get(entry, "redact", [])

reasons contains {
	"code": "server_unknown",
	"message": sprintf("MCP server %q is not configured", [name]),
} if {
	not server
	name := object.get(input, ["route", "server"], "")
}

reasons contains {
	"code": sprintf("%s_not_in_catalogue", [message.category]),
	"message": sprintf("%s %q is not in the catalogue of server %q", [message.category, item_name, input.route.server]),
} if {
	server
	message.category in item_categories
	not entry
}
