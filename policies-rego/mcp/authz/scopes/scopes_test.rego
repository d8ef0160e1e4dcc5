package mcp.authz.scopes_test

import data.mcp.authz.scopes

send_email(token_scopes) := {
	"route": {"server": "email"},
	"subject": {"scopes": token_scopes},
	"mcp": {"kind": "request", "method": "tools/call", "tool": {"name": "send_email", "arguments": {}}},
}

test_missing_scope_is_insufficient if {
	scopes.reasons == {{
		"code": "insufficient_scope",
		"message": `the token lacks the scopes ["mail:send"]`,
	}} with input as send_email(["mcp:tools"])
}

test_present_scope_passes if {
	scopes.reasons == set() with input as send_email(["mcp:tools", "mail:send"])
	scopes.required == ["mail:send"] with input as send_email([])
}

test_subject_without_scopes_lacks_them_all if {
	scopes.missing == {"mail:send"} with input as {
		"route": {"server": "email"}, "subject": {},
		"mcp": {"kind": "request", "method": "tools/call", "tool": {"name": "send_email"}},
	}
}

test_items_without_required_scopes if {
	scopes.reasons == set() with input as {
		"route": {"server": "github"}, "subject": {},
		"mcp": {"kind": "request", "method": "tools/call", "tool": {"name": "create_issue"}},
	}
}
