# METADATA
# description: |
#   Step 1: what kind of MCP message this is. A message is either session traffic
#   (judged on identity alone) or names a catalogue item: a tool, a resource or a prompt.
package mcp.authz.message

# Request methods: session traffic (protocol methods that name no tool, resource or prompt), or
# the kind of catalogue item they name.
request_methods := {
	"initialize": "session",
	"ping": "session",
	"tools/list": "session",
	"resources/list": "session",
	"resources/templates/list": "session",
	"prompts/list": "session",
	"completion/complete": "session",
	"logging/setLevel": "session",
	"tasks/get": "session",
	"tasks/list": "session",
	"tasks/result": "session",
	"tasks/cancel": "session",
	"tools/call": "tool",
	"resources/read": "resource",
	"resources/subscribe": "resource",
	"resources/unsubscribe": "resource",
	"prompts/get": "prompt",
}

# Kinds that carry no method to judge: answers to server requests (sampling, elicitation),
# the GET stream and the DELETE that ends a session.
session_kinds := {"response", "stream", "session-end"}

# category: "session", "tool", "resource" or "prompt"; undefined for anything else.
# An else chain stops at the first branch that holds, so a request costs one lookup.
category := request_methods[input.mcp.method] if {
	input.mcp.kind == "request"
} else := "session" if {
	input.mcp.kind == "notification"
	startswith(input.mcp.method, "notifications/")
} else := "session" if {
	input.mcp.kind in session_kinds
}

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
