package mcp.authz.session_test

import data.mcp.authz.session

now := 1795676400000000000

codes(decision) := [reason.code | some reason in decision.reasons]

# A fixture with some fields added or replaced (each patch is [path, value]).
with_state(case, patches) := json.patch(data.testdata[case], [add(p) | some p in patches])

add(patch) := {"op": "add", "path": patch[0], "value": patch[1]}

decide(call) := result if {
	result := data.mcp.authz.decision with input as call with time.now_ns as now
}

mark(decision_id) := {"decision_id": decision_id, "time": "2026-11-26T06:59:00Z", "tool": "email/read_message"}

inbox_read := {"private_data": mark("d-inbox"), "untrusted_content": mark("d-inbox")}

test_lethal_trifecta_denies_an_external_send_naming_the_tainting_decision if {
	result := decide(with_state("github_dev_create_issue", [["/session/labels", inbox_read]]))
	codes(result) == ["toxic_flow"]
	result.reasons[0].message == concat("", [
		`flow "lethal_trifecta": this call is public_sink and the session already touched `,
		"private_data (decision d-inbox), untrusted_content (decision d-inbox)",
	])
}

test_one_label_of_the_trifecta_is_not_enough if {
	result := decide(with_state("github_dev_create_issue", [["/session/labels", {"private_data": mark("d-1")}]]))
	result.allow
}

test_labels_of_another_session_do_not_count if {
	call := with_state("github_dev_create_issue", [["/principal", {"labels": inbox_read}]])
	decide(call).allow
}

test_untrusted_content_then_destructive_action_is_denied if {
	call := with_state("github_admin_delete_repo_without_mfa", [
		["/subject/amr", ["mfa"]],
		["/session/labels", {"untrusted_content": mark("d-issue")}],
	])
	result := decide(call)
	codes(result) == ["toxic_flow"]
	contains(result.reasons[0].message, `"untrusted_then_destructive"`)
	contains(result.reasons[0].message, "untrusted_content (decision d-issue)")
}

test_a_flow_never_overrides_an_earlier_deny if {
	call := with_state("github_dev_delete_repo", [["/session/labels", {"untrusted_content": mark("d-1")}]])
	codes(decide(call)) == ["role_not_granted"]
}

on_crm := [
	{"op": "replace", "path": "/route/server", "value": "crm"},
	{"op": "add", "path": "/subject/claims/tenant", "value": "acme"},
]

customer_read(used) := json.patch(data.testdata.github_dev_create_issue, array.concat(on_crm, [
	{"op": "replace", "path": "/mcp/tool", "value": {"name": "get_customer", "arguments": {"id": "c-1"}}},
	{"op": "add", "path": "/session/counters", "value": {"tool:crm/get_customer": {"1m": used}}},
]))

test_budget_under_its_limit_allows_and_asks_the_pdp_to_reserve_it if {
	result := decide(customer_read(9))
	result.allow
	reserved := {b.id | some b in result.obligations.budgets}
	reserved == {"session_calls_per_minute", "customer_reads_per_minute"}
	result.obligations.record == {
		"labels": ["pii", "private_data"],
		"counters": ["all", "class:read", "tool:crm/get_customer"],
	}
}

test_budget_at_its_limit_is_exceeded_with_retry_after if {
	result := decide(customer_read(10))
	codes(result) == ["budget_exceeded"]
	result.reasons[0].message == `budget "customer_reads_per_minute": 10 of 10 calls per 1m used in this session`
	result.obligations.retry_after_s == 60
}

test_principal_budget_counts_across_sessions if {
	call := with_state("github_admin_delete_repo_without_mfa", [
		["/subject/amr", ["mfa"]],
		["/principal", {"counters": {"class:admin": {"1h": 30}}}],
	])
	result := decide(call)
	codes(result) == ["budget_exceeded"]
	result.obligations.retry_after_s == 3600
}

test_whole_session_budget_waits_an_hour if {
	session.window_seconds("total") == 3600
	session.window_seconds("10m") == 600
}

test_fallback_tools_get_no_counter_of_their_own if {
	tool := {"op": "replace", "path": "/mcp/tool", "value": {"name": "anything_at_all", "arguments": {}}}
	call := json.patch(data.testdata.github_dev_create_issue, array.concat(on_crm, [tool]))
	result := decide(call)
	result.allow
	result.obligations.record.counters == ["all", "class:read"]
}

quarantined := {"active": true, "until": "2026-11-26T07:15:00Z", "reason": "5 denies within 10m"}

test_quarantined_session_is_denied_even_for_session_traffic if {
	result := decide(with_state("github_viewer_initialize", [["/session/quarantine", quarantined]]))
	codes(result) == ["quarantined"]
	result.reasons[0].message == "the session is quarantined until 2026-11-26T07:15:00Z (5 denies within 10m)"
}

test_quarantined_principal_is_denied_before_the_catalogue if {
	result := decide(with_state("github_dev_unknown_tool", [["/principal", {"quarantine": quarantined}]]))
	codes(result) == ["quarantined"]
}

test_expired_quarantine_no_longer_denies if {
	decide(with_state("github_viewer_initialize", [["/session/quarantine", {"active": false}]])).allow
}

test_every_decision_carries_the_quarantine_rules if {
	every case in ["github_dev_create_issue", "github_dev_delete_repo"] {
		decide(data.testdata[case]).obligations.quarantine == data.mcp.config.session.quarantine
	}
}

test_unreadable_state_fails_closed if {
	call := with_state("github_dev_create_issue", [["/session", {"available": false}]])
	codes(decide(call)) == ["session_state_unavailable"]
}

test_unreadable_state_is_ignored_when_no_rule_needs_it if {
	call := with_state("github_dev_create_issue", [["/session", {"available": false}]])
	result := data.mcp.authz.decision with input as call with data.mcp.config.session as {}
	result.allow
}

test_state_is_needed_by_budgets_and_flows_alone if {
	session.needs_state with input as data.testdata.github_dev_create_issue
		with data.mcp.config.session.quarantine as []
	session.needs_state with input as data.testdata.github_dev_create_issue
		with data.mcp.config.session as {"flows": {"f": {"after": ["x"], "deny": ["public_sink"]}}}
	not session.needs_state with input as data.testdata.github_dev_create_issue
		with data.mcp.config.session as {"flows": {"f": {"after": ["x"], "deny": ["destructive"]}}}
}

# The shipped data, checked like the catalogue: a typo would silently drop a rule.
windows := {"1m", "10m", "1h", "total"}

test_shipped_budgets_are_well_formed if {
	every budget in data.mcp.config.session.budgets {
		object.keys(budget) == {"id", "scope", "counter", "window", "limit"}
		budget.scope in {"session", "principal"}
		budget.window in windows
		is_number(budget.limit)
		regex.match(`^(all|class:(read|query|update|admin)|tool:[a-z_]+/[a-z_]+)$`, budget.counter)
	}
}

test_shipped_flows_and_quarantine_are_well_formed if {
	every flow in data.mcp.config.session.flows {
		object.keys(flow) - {"description", "scope", "after", "deny"} == set()
		count(flow.after) > 0
		count(flow.deny) > 0
	}
	every rule in data.mcp.config.session.quarantine {
		object.keys(rule) == {"scope", "denies", "window", "for"}
		rule.window in windows
		time.parse_duration_ns(rule.for) > 0
	}
}
