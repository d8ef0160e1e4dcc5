package mcp.authz.grants_test

import data.mcp.authz.grants

call(server, tool, subject) := {
	"route": {"server": server},
	"subject": subject,
	"mcp": {"kind": "request", "method": "tools/call", "tool": {"name": tool, "arguments": {}}},
}

# The shipped servers with one value replaced (a `with` on a deeper data path would merge).
servers_with(path, value) := json.patch(data.mcp.config.servers, [{"op": "add", "path": path, "value": value}])

codes(input_document) := result if {
	result := {r.code | some r in grants.reasons} with input as input_document
}

test_server_grants_roles if {
	grants.granted == {"read", "update"} with input as call("github", "create_issue", {"roles": ["dev"]})
	codes(call("github", "create_issue", {"roles": ["dev"]})) == set()
}

test_default_grants_apply_to_every_server if {
	admin := call("email", "purge_mailbox", {"roles": ["admin"]})
	grants.granted == {"read", "query", "update", "admin"} with input as admin
	grants.granted == {"read"} with input as call("database", "query", {"roles": ["auditor"]})
}

test_groups_grant_like_roles if {
	subject := {"roles": [], "groups": ["dba"]}
	granted := grants.granted with input as call("database", "drop_table", subject)
		with data.mcp.config.servers as servers_with("/database/grants/groups", {"dba": ["admin"]})
	granted == {"admin"}
}

test_class_not_granted if {
	reasons := grants.reasons with input as call("github", "delete_repo", {"roles": ["dev"], "groups": []})
	reasons == {{
		"code": "role_not_granted",
		"message": `no role or group of the subject is granted admin on server "github"`,
	}}
}

test_subject_without_roles_is_granted_nothing if {
	codes(call("github", "get_issue", {})) == {"role_not_granted"}
}

test_session_traffic_needs_no_grant if {
	codes({"route": {"server": "github"}, "subject": {}, "mcp": {"kind": "request", "method": "tools/list"}}) == set()
}

test_server_without_grants_uses_defaults_only if {
	servers := servers_with("/github", {"tools": {"get_issue": {"class": "read"}}})
	granted := grants.granted with input as call("github", "get_issue", {"roles": ["auditor", "dev"]})
		with data.mcp.config.servers as servers
	granted == {"read"}
}

test_tenant_must_match if {
	acme := {"roles": ["viewer"], "claims": {"tenant": "acme"}}
	codes(call("crm", "get_customer", acme)) == set()
	globex := {"roles": ["viewer"], "claims": {"tenant": "globex"}}
	reasons := grants.reasons with input as call("crm", "get_customer", globex)
	reasons == {{"code": "tenant_mismatch", "message": `server "crm" belongs to another tenant than the subject`}}
}

test_tenant_applies_to_session_traffic if {
	stream := {"route": {"server": "crm"}, "subject": {"roles": ["viewer"]}, "mcp": {"kind": "stream"}}
	codes(stream) == {"tenant_mismatch"}
}

test_items_always_need_a_grant_even_with_a_broken_class if {
	subject := {"roles": ["dev"]}
	codes(call("github", "get_issue", subject)) == set()
	servers := servers_with("/github/tools/get_issue", {"labels": []})
	reasons := grants.reasons with input as call("github", "get_issue", subject)
		with data.mcp.config.servers as servers
	{r.code | some r in reasons} == {"role_not_granted"}
}
