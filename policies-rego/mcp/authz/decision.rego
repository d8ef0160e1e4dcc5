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
import data.mcp.authz.session

# METADATA
# entrypoint: true
# description: The decision document of the contract; always defined.
default decision := {
	"allow": false,
	"action_class": "none",
	"reasons": [{"code": "no_rule_matched", "message": "the policy reached no decision"}],
	"obligations": {},
}

# Stages in order: the first one with reasons decides the deny, and the stages after it are
# never evaluated (an else branch runs only when the ones before it did not hold). So a dev
# calling an admin tool is told role_not_granted, not also every condition an admin would
# have to meet. Allow needs every stage empty and the message recognised. Session state
# (quarantine, an unreadable store) comes right after identity; flows and budgets come last,
# so they only ever refuse a call that every static rule allows.
decision := deny(origin.reasons) if {
	origin.reasons != set()
} else := deny(authn.reasons) if {
	authn.reasons != set()
} else := deny(session.state_reasons) if {
	session.state_reasons != set()
} else := deny(item_reasons) if {
	item_reasons != set()
} else := deny(grants.reasons) if {
	grants.reasons != set()
} else := deny(call_reasons) if {
	call_reasons != set()
} else := deny(scopes.reasons) if {
	scopes.reasons != set()
} else := deny(session.flow_reasons) if {
	session.flow_reasons != set()
} else := deny(session.budget_reasons) if {
	session.budget_reasons != set()
} else := allowed if {
	recognised
} else := deny({{"code": "no_rule_matched", "message": "the message matched no policy rule"}}) if {
	not recognised
}

# Stage 3: the message and its catalogue item.
item_reasons := message.reasons | catalogue.reasons

# Stage 5: the conditions of a catalogued call and its arguments. Session traffic has none,
# so it skips both packages.
default call_reasons := set()

call_reasons := conditions.reasons | arguments.reasons if catalogue.entry

# Positive evidence that the message was judged: session traffic on a known server, or a
# catalogue entry. Guards against a stage silently producing nothing.
recognised if {
	message.category == "session"
	catalogue.server
}

recognised if catalogue.entry

# A deny lists the reasons of one stage; a set iterates in sorted order, so by code.
deny(reasons) := {
	"allow": false,
	"action_class": catalogue.action_class,
	"reasons": sort(reasons), # sorted: engines iterate sets in different orders
	"obligations": object.union_n([scope_obligation(reasons), redact_obligation, session.obligations]),
}

# An allow carries one reason saying what was judged.
allowed := {
	"allow": true,
	"action_class": catalogue.action_class,
	"reasons": [{"code": "allowed", "message": sprintf("%s allowed on server %q", [judged, input.route.server])}],
	"obligations": object.union(redact_obligation, session.obligations),
}

# What was judged, for the allowed message: the item and its class, or the session message.
judged := sprintf("%s %q (%s)", [message.category, catalogue.item_name, catalogue.action_class]) if {
	catalogue.action_class != "none"
} else := object.get(input.mcp, "method", input.mcp.kind)

# Obligations for the PDP: required_scopes only when the deny is insufficient_scope,
# redact_arguments whenever the catalogue entry names fields to keep out of the audit event.
default scope_obligation(_) := {}

scope_obligation(reasons) := {"required_scopes": sort(scopes.required)} if {
	some reason in reasons
	reason.code == "insufficient_scope"
}

default redact_obligation := {}

redact_obligation := {"redact_arguments": sort(catalogue.redact_arguments)} if {
	count(catalogue.redact_arguments) > 0
}
