# METADATA
# description: |
#   Step 0: is there an authenticated subject? Unauthenticated requests are denied with
#   `unauthenticated` (the PDP answers 401 with the RFC 9728 challenge), except methods listed
#   in data.mcp.config.defaults.anonymous_methods. The list ships empty, so a client meets the
#   challenge on its very first message (initialize) and starts OAuth discovery there.
package mcp.authz.authn

import data.mcp.authz.config

authenticated if input.subject.authenticated == true

anonymous_allowed if {
	input.mcp.kind == "request"
	input.mcp.method in config.defaults.anonymous_methods
}

reasons contains {
	"code": "unauthenticated",
	"message": "an authenticated subject is required",
} if {
	not authenticated
	not anonymous_allowed
}
