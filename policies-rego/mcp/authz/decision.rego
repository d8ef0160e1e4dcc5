# METADATA
# description: |
#   mcp-authz policy entry point. The PDP asks POST /v1/data/mcp/authz/decision with the input
#   document of docs/policies.md and gets {allow, action_class, reasons, obligations}.
#   Deny by default: allow only when every stage passes and the message was recognised.
package mcp.authz

import data.mcp.authz.arguments
import data.mcp.authz.authn
import data.mcp.authz.catalogue
import data.mcp.authz.conditions
import data.mcp.authz.grants
import data.mcp.authz.message
import data.mcp.authz.origin
import data.mcp.authz.scopes

# METADATA
# entrypoint: true
# description: The decision document of the contract; always defined.
default decision := {
	"allow": false,
	"action_class": "none",
	"reasons": [{"code": "no_rule_matched", "message": "the policy reached no decision"}],
	"obligations": {},
}

decision := {
	"allow": allow,
	"action_class": catalogue.action_class,
	"reasons": reasons,
	"obligations": obligations,
}

# Stages in order; the first one with reasons decides the deny. So a dev calling an admin tool
# is told role_not_granted, not also every condition an admin would have to meet.
stages := [
	origin.reasons,
	authn.reasons,
	(message.reasons | catalogue.reasons),
	grants.reasons,
	(conditions.reasons | arguments.reasons),
	scopes.reasons,
]

failed := [stage | some stage in stages; count(stage) > 0]

# Positive evidence that the message was judged: session traffic on a known server, or a
# catalogue entry. Guards against a stage silently producing nothing.
recognised if {
	message.category == "session"
	catalogue.server
}

recognised if catalogue.entry

default allow := false

allow if {
	count(failed) == 0
	recognised
}

reasons := [reason | some reason in failed[0]] if count(failed) > 0

reasons := [{
	"code": "allowed",
	"message": sprintf("%s allowed on server %q", [judged, input.route.server]),
}] if {
	allow
}

reasons := [{"code": "no_rule_matched", "message": "the message matched no policy rule"}] if {
	count(failed) == 0
	not recognised
}

# What was judged, for the allowed message: the item and its class, or the session message.
judged := sprintf("%s %q (%s)", [message.category, catalogue.item_name, catalogue.action_class]) if {
	catalogue.action_class != "none"
}

judged := object.get(input.mcp, "method", input.mcp.kind) if catalogue.action_class == "none"

# Obligations for the PDP: required_scopes only when the deny is insufficient_scope,
# redact_arguments whenever the catalogue entry names fields to keep out of the audit event.
obligations := object.union(scope_obligation, redact_obligation)

default scope_obligation := {}

scope_obligation := {"required_scopes": sort(scopes.required)} if {
	some reason in reasons
	reason.code == "insufficient_scope"
}

default redact_obligation := {}

redact_obligation := {"redact_arguments": sort(catalogue.redact_arguments)} if {
	count(catalogue.redact_arguments) > 0
}
