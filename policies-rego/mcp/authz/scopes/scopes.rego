# METADATA
# description: |
#   Step 5: OAuth scopes the catalogue entry requires ("required_scopes"). Missing ones deny
#   with insufficient_scope and the obligation required_scopes, which the PDP turns into a
#   WWW-Authenticate insufficient_scope challenge so the client can step up.
package mcp.authz.scopes

import data.mcp.authz.catalogue

required := object.get(catalogue.entry, "required_scopes", [])

missing contains scope if {
	some scope in required
	not scope in object.get(input.subject, "scopes", [])
}

reasons contains {
	"code": "insufficient_scope",
	"message": sprintf("the token lacks the scopes %v", [sort(missing)]),
} if {
	count(missing) > 0
}
