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
	result := decide(with_state("github_dev_create_issue", [["/run", {"labels": inbox_read}]]))
	codes(result) == ["toxic_flow"]
	result.reasons[0].message == concat("", [
		`flow "lethal_trifecta": this call is public_sink and the run already touched `,
		"private_data (decision d-inbox), untrusted_content (decision d-inbox)",
	])
}

test_one_label_of_the_trifecta_is_not_enough if {
	result := decide(with_state("github_dev_create_issue", [["/run", {"labels": {"private_data": mark("d-1")}}]]))
	result.allow
}

# A client that keeps its mcp-session-id across a new login starts a new run (a new sid) in a
# session that already touched the labels: the run's flow still sees them.
test_labels_of_the_call_s_session_trigger_a_run_flow_without_the_run if {
	result := decide(with_state("github_dev_create_issue", [["/session/labels", inbox_read]]))
	codes(result) == ["toxic_flow"]
	contains(result.reasons[0].message, "and the session already touched private_data (decision d-inbox)")
}

test_labels_split_between_the_run_and_the_session_trigger_a_run_flow if {
	result := decide(with_state("github_dev_create_issue", [
		["/session/labels", {"untrusted_content": mark("d-issue")}],
		["/run", {"labels": {"private_data": mark("d-inbox")}}],
	]))
	codes(result) == ["toxic_flow"]
}

test_labels_of_the_principal_alone_do_not_trigger_a_run_flow if {
	decide(with_state("github_dev_create_issue", [["/principal", {"labels": inbox_read}]])).allow
}

test_untrusted_content_then_destructive_action_is_denied if {
	call := with_state("github_admin_delete_repo_without_mfa", [
		["/subject/amr", ["mfa"]],
		["/run", {"labels": {"untrusted_content": mark("d-issue")}}],
	])
	result := decide(call)
	codes(result) == ["toxic_flow"]
	contains(result.reasons[0].message, `"untrusted_then_destructive"`)
	contains(result.reasons[0].message, "untrusted_content (decision d-issue)")
}

test_a_flow_never_overrides_an_earlier_deny if {
	call := with_state("github_dev_delete_repo", [["/run", {"labels": {"untrusted_content": mark("d-1")}}]])
	codes(decide(call)) == ["role_not_granted"]
}

inbox_message := {"folder": "inbox", "id": "m-1"}

# One agent run across two MCP servers, as the PDP keeps it: the run is the token's sid bound to
# issuer and subject; each server issues its own mcp-session-id. The mail read is judged by the
# policy, and the labels it asks the PDP to record are what the later call's input.run holds
# when (and only when) it belongs to the same run.
read_mail(sid) := json.patch(data.testdata.github_dev_create_issue, [
	{"op": "replace", "path": "/route/server", "value": "email"},
	{"op": "replace", "path": "/request/headers/mcp-session-id", "value": "E"},
	{"op": "replace", "path": "/mcp/session_id", "value": "E"},
	{"op": "replace", "path": "/mcp/tool", "value": {"name": "read_message", "arguments": inbox_message}},
	{"op": "add", "path": "/subject/claims/sid", "value": sid},
])

create_issue(sub, sid) := json.patch(data.testdata.github_dev_create_issue, [
	{"op": "replace", "path": "/request/headers/mcp-session-id", "value": "G"},
	{"op": "replace", "path": "/mcp/session_id", "value": "G"},
	{"op": "replace", "path": "/subject/sub", "value": sub},
	{"op": "add", "path": "/subject/claims/sid", "value": sid},
])

run_of(call) := [call.subject.iss, call.subject.sub, call.subject.claims.sid]

# The second call with the run state the first one left: its labels if both are one run.
after(first, second) := json.patch(second, [{"op": "add", "path": "/run", "value": {"labels": labels}}]) if {
	decision := decide(first)
	decision.allow
	recorded := decision.obligations.record.labels
	labels := {label: mark(first.request.id) | run_of(first) == run_of(second); some label in recorded}
}

test_mail_in_one_session_then_an_issue_in_another_of_the_same_run_is_denied if {
	result := decide(after(read_mail("idp-1"), create_issue("alice", "idp-1")))
	codes(result) == ["toxic_flow"]
	contains(result.reasons[0].message, `flow "lethal_trifecta"`)
}

test_an_issue_in_another_run_of_the_same_user_is_allowed if {
	decide(after(read_mail("idp-1"), create_issue("alice", "idp-2"))).allow
}

test_another_subject_with_the_same_sid_shares_no_run if {
	decide(after(read_mail("idp-1"), create_issue("mallory", "idp-1"))).allow
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

scopes := {"session", "run", "principal"}

test_shipped_budgets_are_well_formed if {
	every budget in data.mcp.config.session.budgets {
		object.keys(budget) == {"id", "scope", "counter", "window", "limit"}
		budget.scope in scopes
		budget.window in windows
		is_number(budget.limit)
		regex.match(`^(all|class:(read|query|update|admin)|tool:[a-z_]+/[a-z_]+)$`, budget.counter)
	}
}

test_shipped_flows_and_quarantine_are_well_formed if {
	every flow in data.mcp.config.session.flows {
		object.keys(flow) - {"description", "scope", "after", "deny"} == set()
		object.get(flow, "scope", "session") in scopes
		count(flow.after) > 0
		count(flow.deny) > 0
	}
	every rule in data.mcp.config.session.quarantine {
		object.keys(rule) == {"scope", "denies", "window", "for"}
		rule.scope in scopes
		rule.window in windows
		time.parse_duration_ns(rule.for) > 0
	}
}
