# METADATA
# description: |
#   Session-aware rules over what the agent already did (docs/policies.md, "Sessions"): toxic
#   flows, budgets and quarantine, all driven by data.mcp.config.session. The PDP gives the
#   remembered state as input.session (the MCP session), input.run (one agent run across MCP
#   servers: the token's sid) and input.principal (issuer, subject and client across runs);
#   the obligations tell it what to remember and which budgets to reserve atomically after an
#   allow.
package mcp.authz.session

import data.mcp.authz.catalogue
import data.mcp.authz.config
import data.mcp.authz.message

settings := object.union({"flows": {}, "budgets": [], "quarantine": []}, config.session)

# The remembered state of each scope; absent scopes are empty.
state := {
	"session": object.get(input, "session", {}),
	"run": object.get(input, "run", {}),
	"principal": object.get(input, "principal", {}),
}

# The sensitivity labels of the current call (its catalogue entry).
call_labels := {label | some label in object.get(catalogue.entry, "labels", [])}

# The counters this call counts toward: every call, its action class, and a catalogued tool
# (never a fallback tool name, which the client chooses freely).
counters contains "all"

counters contains concat("", ["class:", catalogue.action_class]) if catalogue.action_class != "none"

counters contains concat("", ["tool:", input.route.server, "/", catalogue.item_name]) if {
	message.category == "tool"
	catalogue.server.tools[catalogue.item_name]
}

# Budgets that count this call.
budgets := [budget |
	some budget in settings.budgets
	budget.counter in counters
]

# How many calls a budget's counter already holds in its window.
used(budget) := object.get(state, [budget.scope, "counters", budget.counter, budget.window], 0)

exceeded contains budget if {
	some budget in budgets
	used(budget) >= budget.limit
}

# Rules that need remembered state for this call: fail closed when the store cannot be read.
needs_state if count(settings.quarantine) > 0

needs_state if count(budgets) > 0

needs_state if {
	some flow in settings.flows
	some sink in flow.deny
	sink in call_labels
}

# Stage 2b, before the catalogue: no state, or a quarantined scope.
state_reasons contains {
	"code": "session_state_unavailable",
	"message": "session state cannot be read, and this call's rules need it",
} if {
	needs_state
	some scope in state
	scope.available == false
}

state_reasons contains {
	"code": "quarantined",
	"message": sprintf("the %s is quarantined until %s (%s)", [name, q.until, object.get(q, "reason", "denies")]),
} if {
	some name, scope in state
	q := scope.quarantine
	q.active == true
}

# Stage 7, after every static check: toxic flows, then budgets.
flow_reasons contains {
	"code": "toxic_flow",
	"message": sprintf("flow %q: this call is %s and the %s already touched %s", [
		id, concat(", ", sort(sinks)), scope_name,
		concat(", ", [sprintf("%s (decision %s)", [l, held[l].decision_id]) | some l in sort(flow.after)]),
	]),
} if {
	some id, flow in settings.flows
	sinks := {sink | some sink in flow.deny} & call_labels
	count(sinks) > 0
	[scope_name, held] := flow_labels(flow)
	every label in flow.after {
		held[label]
	}
}

# The labels a flow is judged on, and the scope its message names. A run's flow also sees the
# call's own session: a client that keeps its mcp-session-id across a new login (a new sid, so a
# new run) still carries what that session touched.
flow_labels(flow) := [name, held] if {
	object.get(flow, "scope", "session") == "run"
	run := object.get(state, ["run", "labels"], {})
	held := object.union(object.get(state, ["session", "labels"], {}), run)
	name := run_or_session(flow, run)
}

flow_labels(flow) := [name, object.get(state, [name, "labels"], {})] if {
	name := object.get(flow, "scope", "session")
	name != "run"
}

run_or_session(flow, run) := "run" if {
	every label in flow.after {
		run[label]
	}
}

run_or_session(flow, run) := "session" if {
	some label in flow.after
	not run[label]
}

budget_reasons contains {
	"code": "budget_exceeded",
	"message": sprintf("budget %q: %d of %d calls per %s used in this %s", facts),
} if {
	some budget in exceeded
	facts := [budget.id, used(budget), budget.limit, budget.window, budget.scope]
}

# A budget's window in seconds, for retry-after; a "total" budget waits for the state's TTL.
window_seconds("total") := 3600

window_seconds(window) := time.parse_duration_ns(window) / 1000000000 if window != "total"

# What the PDP applies: budgets to reserve and what to remember after an allow; quarantine
# rules counted on every deny; retry-after for an exceeded budget.
obligations := object.union(
	{
		"budgets": budgets,
		"record": {"labels": sort(call_labels), "counters": sort(counters)},
		"quarantine": settings.quarantine,
	},
	retry_after,
)

default retry_after := {}

retry_after := {"retry_after_s": max({window_seconds(b.window) | some b in exceeded})} if count(exceeded) > 0
