# METADATA
# description: |
#   Step 2: look the route's MCP server and the named item up in the catalogue
#   (data.mcp.config.servers.<server>). The entry gives the action class, sensitivity labels,
#   argument constraints, required scopes and fields to redact. Items not in the catalogue are
#   denied, unless the server sets "fallback_class" (e.g. "read"); a case variant of a listed
#   name never falls back.
package mcp.authz.catalogue

import data.mcp.authz.config
import data.mcp.authz.message

server := config.servers[input.route.server]

item_categories := {"tool", "resource", "prompt"}

# The item's name as the catalogue knows it; "" when the client sent none.
default item_name := ""

item_name := input.mcp.tool.name if {
	message.category == "tool"
} else := input.mcp.resource.uri if {
	message.category == "resource"
} else := input.mcp.prompt.name if {
	message.category == "prompt"
}

# The server's entry for the item: tools and prompts by name (a direct lookup), resources by
# the longest matching URI prefix. An item the catalogue does not list gets the server's
# fallback_class, if it has one.
entry := server.tools[item_name] if {
	message.category == "tool"
} else := server.prompts[item_name] if {
	message.category == "prompt"
} else := resource_entry if {
	message.category == "resource"
} else := {"class": server.fallback_class} if {
	message.category in item_categories
	is_string(item_name)
	item_name != ""
	count(listed_spellings) == 0
}

# The listed tools or prompts that the item's name spells in another case: Update_Customer for
# update_customer. A server that resolves names case-insensitively (or a Go struct) runs the
# listed item, so the fallback class would shed its class, labels and budgets. Folded as Go
# folds names onto ASCII: lower case, and the long s as s.
listed_spellings contains name if {
	message.category in {"tool", "prompt"}
	some name, _ in object.get(server, concat("", [message.category, "s"]), {})
	fold(name) == fold(item_name)
}

fold(name) := replace(lower(name), "ſ", "s")

resource_entry := matches[0] if {
	item_name != ""
	prefix_length := max({count(e.uri_prefix) | some e in resource_matches})
	matches := [e | some e in resource_matches; count(e.uri_prefix) == prefix_length]
}

resource_matches contains resource if {
	some resource in server.resources
	startswith(item_name, resource.uri_prefix)
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
	"message": sprintf("%s is not in the catalogue of server %q%s", [item, input.route.server, spelling_hint]),
} if {
	not entry
	server
	message.category in item_categories
	item := sprintf("%s %q", [message.category, item_name])
}

default spelling_hint := ""

spelling_hint := sprintf(" (it lists %s)", [concat(", ", quoted)]) if {
	count(listed_spellings) > 0
	quoted := [sprintf("%q", [name]) | some name in sort(listed_spellings)]
}
