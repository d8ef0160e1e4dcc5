package mcp.authz.conditions_test

import data.mcp.authz.conditions

# 2026-11-26T07:00:00Z, a Thursday.
thursday_0700 := 1795676400000000000

hour := 3600000000000

# An admin call on github from loopback by demo-agent with a fresh MFA token: every condition holds.
admin_call := {
	"route": {"server": "github"},
	"request": {"source": {"address": "127.0.0.1"}},
	"subject": {"client_id": "demo-agent", "amr": ["pwd", "mfa"], "claims": {"iat": 1795676340}},
	"mcp": {"kind": "request", "method": "tools/call", "tool": {"name": "delete_repo", "arguments": {}}},
}

codes(patch) := result if {
	call := json.patch(admin_call, patch)
	result := {r.code | some r in conditions.reasons} with input as call with time.now_ns as thursday_0700
}

set_field(path, value) := [{"op": "add", "path": path, "value": value}]

drop_table := array.concat(set_field("/route/server", "database"), set_field("/mcp/tool/name", "drop_table"))

test_all_conditions_hold if {
	codes([]) == set()
}

test_class_layers_merge_defaults_and_server if {
	merged := conditions.class_conditions with input as json.patch(admin_call, drop_table)
	merged == {"zones": ["datacenter"], "clients": ["demo-agent", "agent-7"], "mfa": true, "max_token_age_s": 300}
}

test_session_traffic_has_no_conditions if {
	conditions.reasons == set() with input as {"route": {"server": "github"}, "mcp": {"kind": "stream"}}
}

test_source_outside_zones if {
	codes(set_field("/request/source/address", "203.0.113.9")) == {"source_not_in_zone"}
	codes(set_field("/request/source", {})) == {"source_not_in_zone"}
	codes(set_field("/request/source/address", "::1")) == set()
	codes(set_field("/request/source/address", "192.168.1.20")) == set()
}

test_database_admin_only_from_the_datacenter_zone if {
	codes(drop_table) == {"source_not_in_zone"}
	codes(array.concat(drop_table, set_field("/request/source/address", "10.1.2.3"))) == set()
	reasons := conditions.reasons with input as json.patch(admin_call, drop_table) with time.now_ns as thursday_0700
	reasons == {{"code": "source_not_in_zone", "message": `source address is outside the zones ["datacenter"]`}}
}

test_mfa_by_amr_or_acr if {
	codes(set_field("/subject/amr", ["pwd"])) == {"mfa_required"}
	codes(set_field("/subject", {"client_id": "demo-agent", "claims": {"iat": 1795676340}})) == {"mfa_required"}
	acr := array.concat(set_field("/subject/amr", []), set_field("/subject/claims/acr", "urn:mcp-authz:acr:mfa"))
	codes(acr) == set()
}

test_token_age if {
	database := array.concat(drop_table, set_field("/request/source/address", "10.1.2.3"))
	codes(array.concat(database, set_field("/subject/claims/iat", 1795676100))) == set()
	codes(array.concat(database, set_field("/subject/claims/iat", 1795676099))) == {"token_too_old"}
	codes(array.concat(database, set_field("/subject/claims", {}))) == {"token_too_old"}
}

test_client_allow_list if {
	codes(set_field("/subject/client_id", "agent-7")) == set()
	codes(set_field("/subject/client_id", "rogue-agent")) == {"client_not_allowed"}
	reasons := conditions.reasons with input as json.patch(admin_call, [{"op": "remove", "path": "/subject/client_id"}])
		with time.now_ns as thursday_0700
	reasons == {{"code": "client_not_allowed", "message": `client "" is not an allowed agent for this call`}}
}

test_reads_need_no_allowed_client if {
	codes(array.concat(set_field("/mcp/tool/name", "get_issue"), set_field("/subject/client_id", "any"))) == set()
}

test_labels_add_conditions if {
	# list_messages is read class, but its pii label still wants a vetted agent.
	email := array.concat(set_field("/route/server", "email"), set_field("/mcp/tool/name", "list_messages"))
	codes(array.concat(email, set_field("/subject/client_id", "rogue-agent"))) == {"client_not_allowed"}
}

email_purge := array.concat(set_field("/route/server", "email"), set_field("/mcp/tool/name", "purge_mailbox"))

purge_at(ns) := result if {
	result := {r.code | some r in conditions.reasons} with input as json.patch(admin_call, email_purge)
		with time.now_ns as ns
}

test_time_window if {
	purge_at(thursday_0700) == set()
	purge_at(thursday_0700 - hour) == {"outside_time_window"}
	purge_at(thursday_0700 + (12 * hour)) == {"outside_time_window"}
	purge_at(thursday_0700 + (48 * hour)) == {"outside_time_window"} # Saturday
}

test_time_window_message if {
	reasons := conditions.reasons with input as json.patch(admin_call, email_purge)
		with time.now_ns as thursday_0700 - hour
	reasons == {{
		"code": "outside_time_window",
		"message": concat("", [
			`allowed only within the UTC time window `,
			`{"days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], "from": "07:00", "to": "19:00"}`,
		]),
	}}
}

night_purge_at(ns) := result if {
	night := json.patch(data.mcp.config.servers, [{
		"op": "add", "path": "/email/conditions",
		"value": {"admin": {"time_window": {"from": "22:00", "to": "06:00"}}},
	}])
	result := {r.code | some r in conditions.reasons} with input as json.patch(admin_call, email_purge)
		with data.mcp.config.servers as night
		with time.now_ns as ns
}

test_time_window_across_midnight if {
	night_purge_at(thursday_0700 - hour) == {"outside_time_window"}
	night_purge_at(thursday_0700 - (2 * hour)) == set()
	night_purge_at(thursday_0700 + (15 * hour)) == set()
	night_purge_at(thursday_0700 + (14 * hour)) == {"outside_time_window"}
}

test_malformed_conditions_fail_closed if {
	malformed := {"admin": {"max_token_age_s": "3600", "mfa": "yes"}}
	result := {r.code | some r in conditions.reasons} with input as json.patch(admin_call, set_field("/subject/amr", []))
		with data.mcp.config.servers.github.conditions as malformed
		with time.now_ns as thursday_0700
	result == {"token_too_old", "mfa_required"}
}

test_time_window_fields_have_defaults if {
	weekend_only := {"admin": {"time_window": {"days": ["Saturday", "Sunday"]}}}
	result := {r.code | some r in conditions.reasons} with input as admin_call
		with data.mcp.config.servers.github.conditions as weekend_only
		with time.now_ns as thursday_0700
	result == {"outside_time_window"}
	mornings := {"admin": {"time_window": {"to": "08:00"}}}
	conditions.reasons == set() with input as admin_call
		with data.mcp.config.servers.github.conditions as mornings
		with time.now_ns as thursday_0700
}
