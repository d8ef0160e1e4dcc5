package mcp.authz_test

import data.mcp.authz

# 2026-11-26T07:00:00Z, a Thursday; the fixtures' tokens were issued a minute earlier.
now := 1795676400000000000

codes(decision) := [reason.code | some reason in decision.reasons]

# A fixture with one field added or replaced.
patched(case, path, value) := json.patch(data.testdata[case], [{"op": "add", "path": path, "value": value}])

decide(case) := result if {
	result := authz.decision with input as data.testdata[case] with time.now_ns as now
}

# Shared fixtures (testdata/<case>/input.json) and the outcome the Java tests may rely on too.
fixture_outcomes := {
	"browser_evil_origin": [false, "update", ["origin_not_allowed"]],
	"crm_dev_fallback_tool_awkward_name": [true, "read", ["allowed"]],
	"database_analyst_drop_table": [false, "query", ["sql_not_read_only"]],
	"database_analyst_select": [true, "query", ["allowed"]],
	"email_dev_send_email_without_scope": [false, "update", ["insufficient_scope"]],
	"filesystem_dev_path_traversal": [false, "read", ["path_not_allowed"]],
	"filesystem_dev_read_file": [true, "read", ["allowed"]],
	"github_admin_delete_repo_without_mfa": [false, "admin", ["mfa_required"]],
	"github_dev_create_issue": [true, "update", ["allowed"]],
	"github_dev_delete_repo": [false, "admin", ["role_not_granted"]],
	"github_dev_unknown_tool": [false, "none", ["tool_not_in_catalogue"]],
	"github_viewer_initialize": [true, "none", ["allowed"]],
	"github_viewer_stream": [true, "none", ["allowed"]],
	"unauthenticated_initialize": [false, "none", ["unauthenticated"]],
}

test_every_fixture_has_its_documented_outcome if {
	every case, outcome in fixture_outcomes {
		result := decide(case)
		[result.allow, result.action_class, codes(result)] == outcome
	}
}

test_every_fixture_is_listed if {
	object.keys(data.testdata) == object.keys(fixture_outcomes)
}

test_decision_has_the_contract_shape if {
	result := decide("github_dev_create_issue")
	object.keys(result) == {"allow", "action_class", "reasons", "obligations"}
	result.reasons == [{"code": "allowed", "message": `tool "create_issue" (update) allowed on server "github"`}]
}

# A name that needs Go's %q escaping, allowed under the fallback class: the engines must agree.
test_allowed_message_quotes_the_name_as_go_does if {
	message := decide("crm_dev_fallback_tool_awkward_name").reasons[0].message
	message == `tool "export \"all\" \\ to café" (read) allowed on server "crm"`
}

test_allowed_session_message_names_the_method if {
	decide("github_viewer_initialize").reasons[0].message == `initialize allowed on server "github"`
	decide("github_viewer_stream").reasons[0].message == `stream allowed on server "github"`
}

test_admin_with_mfa_may_delete_repo if {
	admin := patched("github_admin_delete_repo_without_mfa", "/subject/amr", ["pwd", "mfa"])
	result := authz.decision with input as admin with time.now_ns as now
	result.allow
	result.action_class == "admin"
}

# A dev asking for an admin tool hears why it cannot have it, not what an admin would also need.
test_first_failing_stage_decides if {
	result := decide("github_dev_delete_repo")
	codes(result) == ["role_not_granted"]
}

test_reasons_of_one_stage_are_reported_together if {
	call := patched("database_analyst_drop_table", "/request/source/address", "203.0.113.9")
	result := authz.decision with input as call with time.now_ns as now
	codes(result) == ["source_not_in_zone", "sql_not_read_only"]
}

test_origin_is_checked_before_authentication if {
	call := patched("unauthenticated_initialize", "/request/origin", "https://evil.example")
	codes(authz.decision) == ["origin_not_allowed"] with input as call
}

test_insufficient_scope_sets_required_scopes_and_keeps_redaction if {
	obligations := decide("email_dev_send_email_without_scope").obligations
	object.filter(obligations, {"required_scopes", "redact_arguments"}) == {
		"required_scopes": ["mail:send"],
		"redact_arguments": ["attachments", "body"],
	}
}

test_required_scopes_only_when_the_deny_is_about_scopes if {
	call := patched("email_dev_send_email_without_scope", "/subject/roles", ["viewer"])
	result := authz.decision with input as call
	codes(result) == ["role_not_granted"]
	not result.obligations.required_scopes
	result.obligations.redact_arguments == ["attachments", "body"]
}

test_unrecognised_message_is_denied_even_without_reasons if {
	call := json.patch(data.testdata.github_viewer_initialize, [{"op": "replace", "path": "/mcp/method", "value": "x/y"}])
	result := authz.decision with input as call with authz.message.reasons as set()
	not result.allow
	codes(result) == ["no_rule_matched"]
}

test_decision_is_defined_for_an_empty_input if {
	result := authz.decision with input as {}
	not result.allow
	codes(result) == ["unauthenticated"]
}
