# METADATA
# description: |
#   Step 3: may this subject perform the action class on this server at all? Grants map roles
#   and groups to action classes, globally (data.mcp.config.defaults.grants) and per server
#   (data.mcp.config.servers.<server>.grants). A server with a "tenant" admits only subjects
#   whose token claim "tenant" matches, for every message including session traffic.
package mcp.authz.grants

import data.mcp.authz.catalogue
import data.mcp.authz.config
import data.mcp.authz.message

grant_layers := [
	config.defaults.grants,
	object.get(catalogue.server, "grants", {}),
]

# Action classes the subject holds on the route's server.
granted contains class if {
	some layer in grant_layers
	some role in input.subject.roles
	some class in layer.roles[role]
}

granted contains class if {
	some layer in grant_layers
	some group in input.subject.groups
	some class in layer.groups[group]
}

reasons contains {
	"code": "tenant_mismatch",
	"message": sprintf("server %q belongs to another tenant than the subject", [input.route.server]),
} if {
	tenant := catalogue.server.tenant
	object.get(input.subject, ["claims", "tenant"], null) != tenant
}

reasons contains {
	"code": "role_not_granted",
	"message": sprintf(
		"no role or group of the subject is granted %s on server %q",
		[catalogue.action_class, input.route.server],
	),
} if {
	message.category != "session"
	not catalogue.action_class in granted
}
