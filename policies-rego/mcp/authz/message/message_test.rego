package mcp.authz.message_test

import data.mcp.authz.message

category_of(kind, method) := category if {
	category := message.category with input as {"mcp": {"kind": kind, "method": method}}
}

test_session_methods_are_session_traffic if {
	every method in ["initialize", "ping", "tools/list", "resources/list", "prompts/list", "tasks/get"] {
		category_of("request", method) == "session"
	}
}

test_notifications_are_session_traffic if {
	category_of("notification", "notifications/initialized") == "session"
	category_of("notification", "notifications/cancelled") == "session"
}

test_responses_streams_and_session_end_are_session_traffic if {
	every kind in ["response", "stream", "session-end"] {
		message.category == "session" with input as {"mcp": {"kind": kind}}
	}
}

test_item_methods_name_their_category if {
	category_of("request", "tools/call") == "tool"
	category_of("request", "resources/read") == "resource"
	category_of("request", "resources/subscribe") == "resource"
	category_of("request", "prompts/get") == "prompt"
}

test_unknown_method_is_not_allowed if {
	not category_of("request", "sampling/createMessage")
	message.reasons == {{
		"code": "method_not_allowed",
		"message": `MCP request "sampling/createMessage" is not allowed`,
	}} with input as {"mcp": {"kind": "request", "method": "sampling/createMessage"}}
}

test_notification_kind_needs_a_notification_method if {
	not category_of("notification", "tools/call")
}

test_unknown_kind_is_not_allowed if {
	reasons := message.reasons with input as {"mcp": {"kind": "carrier-pigeon"}}
	reasons == {{"code": "method_not_allowed", "message": `MCP carrier-pigeon "" is not allowed`}}
}

test_arguments_of_a_tool_call if {
	message.arguments == {"path": "/srv/data/a"} with input as {"mcp": {
		"kind": "request", "method": "tools/call",
		"tool": {"name": "read_file", "arguments": {"path": "/srv/data/a"}},
	}}
}

test_arguments_of_a_prompt if {
	message.arguments == {"issue": 7} with input as {"mcp": {
		"kind": "request", "method": "prompts/get",
		"prompt": {"name": "summarise_issue", "arguments": {"issue": 7}},
	}}
}

test_arguments_that_are_not_an_object_count_as_none if {
	message.arguments == {} with input as {"mcp": {
		"kind": "request", "method": "tools/call",
		"tool": {"name": "read_file", "arguments": ["/etc/passwd"]},
	}}
}
