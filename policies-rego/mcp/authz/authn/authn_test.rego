package mcp.authz.authn_test

import data.mcp.authz.authn

anonymous_initialize := {"subject": {"authenticated": false}, "mcp": {"kind": "request", "method": "initialize"}}

test_authenticated_subject_passes if {
	authn.reasons == set() with input as {"subject": {"authenticated": true}}
}

test_unauthenticated_subject_is_denied if {
	authn.reasons == {{
		"code": "unauthenticated",
		"message": "an authenticated subject is required",
	}} with input as anonymous_initialize
}

test_missing_subject_is_unauthenticated if {
	count(authn.reasons) == 1 with input as {}
}

test_anonymous_methods_from_data_are_allowed if {
	authn.reasons == set() with input as anonymous_initialize
		with data.mcp.config.defaults.anonymous_methods as ["initialize", "ping"]
}

test_anonymous_methods_apply_to_requests_only if {
	count(authn.reasons) == 1 with input as {"subject": {}, "mcp": {"kind": "notification", "method": "initialize"}}
		with data.mcp.config.defaults.anonymous_methods as ["initialize"]
}
