# METADATA
# description: |
#   Step 4a: the conditions an action class (and the item's sensitivity labels) impose on
#   where, how and when the call is made: source zones, MFA, token age, agent client ids,
#   time windows (UTC). See docs/policies.md for the layering.
package mcp.authz.conditions

import data.mcp.authz.catalogue
import data.mcp.authz.config
import data.mcp.authz.message

# Layers for the class, later ones overriding earlier ones key by key:
# defaults "all", defaults <class>, server "all", server <class>.
class_conditions := object.union_n([
	object.get(config.defaults, ["conditions", "all"], {}),
	object.get(config.defaults, ["conditions", catalogue.action_class], {}),
	object.get(catalogue.server, ["conditions", "all"], {}),
	object.get(catalogue.server, ["conditions", catalogue.action_class], {}),
]) if {
	message.category != "session"
}

# Label conditions are separate sets that must hold as well: a label can tighten, never relax.
label_conditions := [object.get(config.defaults, ["label_conditions", label], {}) |
	some label in object.get(catalogue.entry, "labels", [])
]

condition_sets := array.concat([class_conditions], label_conditions)

reasons contains {
	"code": "source_not_in_zone",
	"message": sprintf("source address is outside the zones %v", [zones]),
} if {
	some cond in condition_sets
	zones := cond.zones
	not source_in(zones)
}

reasons contains {
	"code": "mfa_required",
	"message": "multi-factor authentication is required (amr mfa or an MFA acr)",
} if {
	mfa_needed
	not mfa_present
}

reasons contains {
	"code": "token_too_old",
	"message": sprintf("the token must have been issued within the last %v s", [max_age]),
} if {
	some cond in condition_sets
	max_age := cond.max_token_age_s
	not issued_within(max_age)
}

reasons contains {
	"code": "client_not_allowed",
	"message": sprintf("client %q is not an allowed agent for this call", [client]),
} if {
	some cond in condition_sets
	clients := cond.clients
	client := object.get(input.subject, "client_id", "")
	not client in clients
}

reasons contains {
	"code": "outside_time_window",
	"message": sprintf("allowed only within the UTC time window %v", [window]),
} if {
	some cond in condition_sets
	window := cond.time_window
	not within(window)
}

source_in(zones) if {
	some zone in zones
	some cidr in config.defaults.zones[zone]
	net.cidr_contains(cidr, input.request.source.address)
}

mfa_needed if {
	some cond in condition_sets
	object.get(cond, "mfa", false) != false
}

mfa_present if {
	some method in input.subject.amr
	method in config.defaults.mfa.amr
}

mfa_present if input.subject.claims.acr in config.defaults.mfa.acr

# iat is in seconds; a token without iat cannot prove its age.
issued_within(max_age) if {
	is_number(max_age)
	(time.now_ns() / 1000000000) - input.subject.claims.iat <= max_age
}

all_days := ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Days default to every day, from to 00:00, to to 24:00.
within(window) if {
	now := time.now_ns()
	time.weekday(now) in object.get(window, "days", all_days)
	[hour, minute, _] := time.clock([now, "UTC"])
	from := minutes(object.get(window, "from", "00:00"))
	to := minutes(object.get(window, "to", "24:00"))
	in_range(from, to, (hour * 60) + minute)
}

# "07:30" -> 450
minutes(hh_mm) := (to_number(parts[0]) * 60) + to_number(parts[1]) if parts := split(hh_mm, ":")

in_range(from, to, now) if {
	from <= to
	from <= now
	now < to
}

# A window like 22:00-06:00 wraps around midnight.
in_range(from, to, now) if {
	from > to
	now >= from
}

in_range(from, to, now) if {
	from > to
	now < to
}
