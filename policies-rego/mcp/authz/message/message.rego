# METADATA
# description: |
#   Step 1: what kind of MCP message this is. A message is either session traffic
#   (judged on identity alone) or names a catalogue item: a tool, a resource or a prompt.
package mcp.authz.message

# Protocol methods that name no tool, resource or prompt.
session_methods := {
	"initialize",
	"ping",
	"tools/list",
	"resources/list",
	"resources/templates/list",
	"prompts/list",
	"completion/complete",
	"logging/setLevel",
	"tasks/get",
	"tasks/list",
	"tasks/result",
	"tasks/cancel",
}

# Kinds that carry no method to judge: answers to server requests (sampling, elicitation),
# the GET stream and the DELETE that ends a session.
session_kinds := {"response", "stream", "session-end"}

# Request methods that name a catalogue item, and which kind of item.
item_methods := {
	"tools/call": "tool",
	"resources/read": "resource",
	"resources/subscribe": "resource",
	"resources/unsubscribe": "resource",
	"prompts/get": "prompt",
}

# category: "session", "tool", "resource" or "prompt"; undefined for anything else.
category := "session" if input.mcp.kind in session_kinds

category := "session" if {
	input.mcp.kind == "request"
	input.mcp.method in session_methods
}

category := "session" if {
	input.mcp.kind == "notification"
	startswith(input.mcp.method, "notifications/")
}

category := item_methods[input.mcp.method] if input.mcp.kind == "request"

# The item's arguments, {} when it has none or they are not an object.
default arguments := {}

arguments := args if {
	category == "tool"
	args := input.mcp.tool.arguments
	is_object(args)
}

arguments := args if {
	category == "prompt"
	args := input.mcp.prompt.arguments
	is_object(args)
}

reasons contains {
	"code": "method_not_allowed",
	"message": sprintf("MCP %s %q is not allowed", [kind, method]),
} if {
	not category
	kind := object.get(input, ["mcp", "kind"], "message")
	method := object.get(input, ["mcp", "method"], "")
}
